import { pinyin } from 'pinyin-pro'

const memo = new Map<string, { full: string; initials: string }>()
const MEMO_MAX = 100_000

/**
 * Full pinyin (no tones, no spaces) and initials of a Chinese name, surname-aware: 单于 → shanyu / sy. Remembered per
 * name (names repeat: a million imported persons have a few hundred thousand distinct names at most), so bulk
 * imports and edits do not convert the same name again.
 */
export function pinyinOf(name: string): { full: string; initials: string } {
  const hit = memo.get(name)
  if (hit) return hit
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head' })
  const out = {
    full: syllables.join('').toLowerCase(),
    initials: syllables
      .map((s) => s[0] ?? '')
      .join('')
      .toLowerCase(),
  }
  if (memo.size >= MEMO_MAX) memo.clear()
  memo.set(name, out)
  return out
}
