import { describe, expect, it } from 'vitest';
import { htmlToText } from '../testing/tenant/html-text';
import { escapeHtml } from './html';

describe('escapeHtml', () => {
  it('leaves no character that could open a tag, an entity or end a quoted attribute', () => {
    const escaped = escapeHtml(`<a href="x" onclick='y'>&amp;</a>`);
    expect(escaped).not.toMatch(/[<>"']|&(?!#\d+;)/);
  });

  it('reads back as the original text', () => {
    const text = `Tom & Jerry's "<script>" > 1`;
    expect(htmlToText(`<p>${escapeHtml(text)}</p>`)).toBe(text);
  });
});
