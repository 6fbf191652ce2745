import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';
import { useMemo } from 'react';

/**
 * Advisory text is Markdown from many databases. Its headings are moved down two
 * levels so they sit under the page's own h1 and the section's h2.
 */
const markdown = new Marked({
  gfm: true,
  walkTokens(token) {
    if (token.type !== 'heading') return;
    // marked's Generic token also has type 'heading', so the check alone does not narrow.
    const heading = token as Tokens.Heading;
    heading.depth = Math.min(6, heading.depth + 2);
  },
});

/** Renders Markdown; the HTML is sanitized because records come from third parties. */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => DOMPurify.sanitize(markdown.parse(source, { async: false })), [source]);
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
