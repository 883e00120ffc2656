// A quoted literal as NAV filters, OData $filter and OData keys write it:
// 'text', with a quote inside doubled ('O''Brien').

/** Reads the literal whose opening quote is at `at`; answers its text and the index after the closing quote, or undefined when it is not closed. */
export function readQuoted(text: string, at: number): { value: string; next: number } | undefined {
  let value = '';
  for (let i = at + 1; i < text.length; i++) {
    if (text[i] !== "'") {
      value += text[i];
      continue;
    }
    if (text[i + 1] === "'") {
      value += "'";
      i++;
      continue;
    }
    return { value, next: i + 1 };
  }
  return undefined;
}
