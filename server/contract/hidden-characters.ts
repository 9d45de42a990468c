/**
 * NUL bytes and the bidirectional overrides and isolates that make a name or path read differently than it
 * is (the "Trojan Source" characters). Refused in names and paths; free text (goals, rationales) may hold them.
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const HIDDEN = /[\u0000\u202A-\u202E\u2066-\u2069]/;

export function hasHiddenCharacters(text: string): boolean {
  return HIDDEN.test(text);
}

/** For zod's `.refine(...)`: `what` names the field in the sentence ("A title"). */
export function refuseHiddenCharacters(what: string): [(text: string) => boolean, string] {
  return [
    (text) => !hasHiddenCharacters(text),
    `${what} may not contain NUL bytes or bidirectional override characters`,
  ];
}
