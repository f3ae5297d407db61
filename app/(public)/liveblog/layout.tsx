import type { ReactNode } from 'react';
import './liveblog.css';

/** The liveblog pages share their stylesheet (the admin editor imports it too). */
export default function LiveblogLayout({ children }: { children: ReactNode }) {
  return children;
}
