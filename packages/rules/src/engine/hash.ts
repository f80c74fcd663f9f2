/** Small pure-JS hashing for digests (no node:crypto, so the package stays portable). */

/**
 * FNV-1a 64-bit hash of a string (over UTF-16 code units, low byte first), as 16 hex digits.
 * @example
 * fnv1a64('') // 'cbf29ce484222325'
 */
export function fnv1a64(s: string): string {
  let hi = 0xcbf29ce4
  let lo = 0x84222325
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    for (let b = 0; b < 2; b++) {
      lo = (lo ^ (b === 0 ? c & 0xff : c >>> 8)) >>> 0
      // h * 0x100000001b3 = h * 0x1b3 + (h << 40), mod 2^64
      const a = lo * 0x1b3
      const carry = Math.floor(a / 4294967296)
      hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0
      lo = a >>> 0
    }
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
}

/** JSON with object keys sorted, so equal content always hashes equally; functions serialise as their source. */
export function stableStringify(v: unknown): string {
  if (typeof v === 'function') return JSON.stringify(String(v))
  if (v === undefined) return 'null'
  if (typeof v === 'number' && !Number.isFinite(v)) return JSON.stringify(String(v))
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`
  const o = v as Record<string, unknown>
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(o[k])}`).join(',')}}`
}
