import { Fragment } from 'react';
import { textSegments } from './text-segments.ts';

/**
 * A post's body as React elements: text, line breaks and http(s) links (which
 * open in a new tab without access to this page). Never HTML: `<script>` in a
 * post is shown as the characters `<script>`.
 */
export function PostText({ body }: { body: string }) {
  return (
    <>
      {textSegments(body).map((segment, index) => {
        if (segment.kind === 'break') return <br key={index} />;
        if (segment.kind === 'link') {
          return (
            <a key={index} href={segment.href} target="_blank" rel="noopener noreferrer nofollow">
              {segment.text}
            </a>
          );
        }
        return <Fragment key={index}>{segment.text}</Fragment>;
      })}
    </>
  );
}
