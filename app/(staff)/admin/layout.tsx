import type { ReactNode } from 'react';
import '../../(public)/liveblog/liveblog.css';
import './admin.css';

/** The admin pages: the liveblog editor shows posts as readers see them, so it shares the liveblog's stylesheet. */
export default function AdminLayout({ children }: { children: ReactNode }) {
  return children;
}
