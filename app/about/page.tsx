import type { Metadata } from 'next';
import { ConnectionDemo } from '../_components/connection-demo.tsx';

export const metadata: Metadata = { title: 'How it works' };

/**
 * For the curious and for developers: how the site works (Switchyard's
 * architecture, in short), and this tab's own connection, live.
 */
export default function AboutPage() {
  return (
    <div className="about stack">
      <section className="intro">
        <h1>How it works</h1>
        <p>
          This site runs on Switchyard, a realtime app kit that brings Django Channels’ architecture to TypeScript: interface
          servers hold the browsers’ connections, a Redis channel layer carries messages to groups of connections and to each
          browser tab’s own reply channel, and consumers and workers do the work.
        </p>
        <p>
          Any process can reach any connection: a post saved by an editor, a message in a chat room or a finished data job is
          published the moment it is committed, and a tab that was offline catches up on what it missed.
        </p>
        <p>
          The code, the wire protocol and the design notes are in the project’s <code>README.md</code> and <code>docs/</code>.
        </p>
      </section>
      <section aria-labelledby="demo-heading" className="stack">
        <h2 id="demo-heading">For developers: this tab, live</h2>
        <p className="muted">
          Send this tab a notice from a shell with <code>npx switchyard send &lt;reply channel&gt; notice.posted {'\'{"text":"hi"}\''}</code>,
          or everyone an announcement with <code>npx switchyard group-send announcements announcement.posted …</code>.
        </p>
        <ConnectionDemo />
      </section>
    </div>
  );
}
