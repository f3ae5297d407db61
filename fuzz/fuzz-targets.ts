/**
 * Text that has broken servers before: NUL and other control characters,
 * lone surrogates, line separators, numbers past 64 bits, markup, SQL,
 * template and path injection, prototype keys, reply-channel look-alikes.
 */
export const AWKWARD_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  '\u2028\u2029',
  '\u001b[31m',
  ' ',
  '',
  '\t\n',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '../../etc/passwd',
  '%00',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '-1',
  '0',
  '9223372036854775807',
  '9223372036854775808',
  '99999999999999999999',
  '1e400',
  '__proto__',
  'constructor',
  '😀'.repeat(20),
  'é'.repeat(40),
  `reply!${'A'.repeat(22)}`,
];

/**
 * Forgeries of a signed token `<payload>.<signature>` (reply-channel and
 * visitor tokens): the payload alone, a flipped or blank signature, a
 * flipped payload, extra segments, padding. None may prove the payload.
 */
export function forgeriesOf(token: string): string[] {
  const dot = token.lastIndexOf('.');
  const [payload, signature] = [token.slice(0, dot), token.slice(dot + 1)];
  const flip = (text: string) => `${text.slice(0, -1)}${text.endsWith('A') ? 'B' : 'A'}`;
  return [
    payload,
    `${payload}.`,
    `${payload}.${flip(signature)}`,
    `${flip(payload)}.${signature}`,
    `${token}.${signature}`,
    `${payload}.${'A'.repeat(signature.length)}`,
    ` ${token}`,
    `${token}\u0000`,
  ];
}

/** Session cookies that must not log anyone in: tampered, truncated, padded, badly encoded, or simply made up. */
export function forgedSessionCookies(cookieName: string, realToken: string): string[] {
  const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
  return [
    flip(realToken, 0),
    flip(realToken, realToken.length - 1),
    realToken.slice(0, -1),
    `${realToken}A`,
    realToken.toUpperCase(),
    'A'.repeat(realToken.length),
    '%E0%A4%A',
    'x'.repeat(8000),
  ].map((value) => `${cookieName}=${value}`);
}
