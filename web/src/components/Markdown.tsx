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
    // Narrowing on `type` does not reach Heading: marked's Generic token also matches.
    if (token.type === 'heading') (token as Tokens.Heading).depth = Math.min(6, (token as Tokens.Heading).depth + 2);
  },
});

/** Renders Markdown; the HTML is sanitized because records come from third parties. */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => DOMPurify.sanitize(markdown.parse(source, { async: false })), [source]);
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
