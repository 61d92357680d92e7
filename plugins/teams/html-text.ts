/**
 * Teams message HTML → plain text for the model: paragraphs and line breaks kept, mentions as the
 * names Teams shows (`@Megan Bowen`), attachment placeholders dropped (the files are listed by name),
 * links as `label [url]`, entities decoded.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] !== '#') return ENTITIES[entity.toLowerCase()] ?? whole;
    const code =
      entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number(entity.slice(1));
    return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * @example
 * teamsHtmlToText('<p>Thanks <at id="0">Megan Bowen</at>!</p><attachment id="1"></attachment>'); // 'Thanks @Megan Bowen!'
 */
export function teamsHtmlToText(html: string): string {
  const text = html
    .replace(/<(style|script|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<attachment\b[^>]*>[\s\S]*?<\/attachment>/gi, '')
    .replace(/<at\b[^>]*>([\s\S]*?)<\/at>/gi, (_m, name: string) => `@${name.replace(/<[^>]+>/g, '')}`)
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, label: string) => {
      const shown = label.replace(/<[^>]+>/g, '').trim();
      return shown === href || shown === '' ? href : `${shown} [${href}]`;
    })
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<\/(p|div|h[1-6]|ul|ol|blockquote|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(text)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
