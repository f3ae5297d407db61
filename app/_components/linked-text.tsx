import { ExternalLink } from './external-link.tsx';
import { linkSegments } from './link-segments.ts';

/** Text as typed (markup shows as characters), with its http(s) addresses as safe links that open in a new tab. */
export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkSegments(text).map((segment, i) =>
        segment.href ? (
          <ExternalLink key={i} href={segment.href}>
            {segment.text}
          </ExternalLink>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}
