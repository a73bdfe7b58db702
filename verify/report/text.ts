/**
 * Plain text sized to a terminal: cutting a line to a width, and wrapping text into lines. Lengths are
 * in UTF-16 units, which is one column for the text the verifier prints (no wide characters); apply
 * colours after these, as escape codes would count.
 */

/** Marks text that was cut. */
export const ELLIPSIS = '…';

/** `text` if it fits in `width` columns, else cut to `width` with an ellipsis as its last column. */
export function truncate(text: string, width: number): string {
  if (text.length <= width) return text;
  return width <= 0 ? '' : `${text.slice(0, width - 1)}${ELLIPSIS}`;
}

/**
 * `text` as lines of at most `width` columns, broken at spaces; a word longer than a line is broken
 * inside (nothing is lost). Newlines in `text` are kept.
 */
export function wrap(text: string, width: number): string[] {
  const size = Math.max(1, width);
  return text.split('\n').flatMap((paragraph) => {
    const lines: string[] = [];
    let line = '';
    for (let word of paragraph.split(' ')) {
      if (line && line.length + 1 + word.length <= size) {
        line += ` ${word}`;
        continue;
      }
      if (line) lines.push(line);
      for (; word.length > size; word = word.slice(size)) lines.push(word.slice(0, size));
      line = word;
    }
    lines.push(line);
    return lines;
  });
}

/** `n` and the noun, plural unless n is 1: "1 object", "3 objects". */
export const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
