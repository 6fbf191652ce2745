import DOMPurify, { type Config } from 'dompurify';
import { Marked, type Tokens } from 'marked';
import { useMemo } from 'react';

/**
 * Advisory text (Markdown from many databases) and report text (Markdown anyone with an
 * account writes). Headings move down two levels so they sit under the page's own h1 and
 * the section's h2.
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

/**
 * Stricter than DOMPurify's default, as the text comes from third parties: HTML only (the
 * default keeps SVG and MathML, whose parsing quirks carried past sanitizer bypasses); no
 * styles or form controls (text could restyle the page or fake a sign-in form); no images
 * (a remote image tells its author who read the text, and when). Proofs of concept travel
 * as attachments.
 */
const policy: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'select', 'option', 'textarea', 'img', 'picture', 'source', 'video', 'audio'],
  FORBID_ATTR: ['style'],
};

/** Renders Markdown as sanitized HTML. */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => DOMPurify.sanitize(markdown.parse(source, { async: false }), policy), [source]);
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />;
}
