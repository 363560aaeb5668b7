/**
 * Line breaks and control characters: an Azure name must not start a new Markdown block (a list
 * item, a heading) inside the card, so each becomes one space. Adaptive Cards take `\r` and `\n`
 * as line breaks (https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKS_AND_CONTROLS = /\r\n|[\u0000-\u001f\u007f\u0085\u2028\u2029]/g;

/**
 * Escapes text from Azure (resource names, display names) for an Adaptive Card TextBlock, whose
 * `text` is a CommonMark subset with bold, italic, lists and `[title](url)` links
 * (https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features). Every character that
 * could open such markup is backslash-escaped (CommonMark's escape for ASCII punctuation), so
 * `[x](javascript:…)` in a name arrives as text, never as a link. `{` is escaped too: `{{DATE(…)}}`
 * is the card's own function syntax.
 */
export function adaptiveCardText(text: string): string {
  return text.replace(LINE_BREAKS_AND_CONTROLS, ' ').replace(/[\\`*_{}[\]()#+\-!|<>~&]/g, (c) => `\\${c}`);
}
