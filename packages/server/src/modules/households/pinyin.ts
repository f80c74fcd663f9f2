import { pinyin } from 'pinyin-pro'

/** Full pinyin (no tones, no spaces) and initials of a Chinese name, surname-aware: 单于 → shanyu / sy. */
export function pinyinOf(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head' })
  return {
    full: syllables.join('').toLowerCase(),
    initials: syllables
      .map((s) => s[0] ?? '')
      .join('')
      .toLowerCase(),
  }
}
