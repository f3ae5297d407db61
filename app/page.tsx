import { HomeLive } from './_components/home-live.tsx';

/** Home: what Switchyard is, and a live view of its channels for this tab. */
export default function HomePage() {
  return (
    <>
      <section className="intro">
        <h1>Realtime, the Channels way</h1>
        <p>
          Switchyard brings Django Channels&apos; architecture to TypeScript: interface servers hold the sockets, a Redis
          channel layer carries group and reply-channel messages, and consumers and workers do the work.
        </p>
        <p>
          Any process can reach any connection, so this page updates live when a server, a worker or a{' '}
          <code>switchyard</code> command sends to its groups or to its own reply channel.
        </p>
      </section>
      <HomeLive />
    </>
  );
}
