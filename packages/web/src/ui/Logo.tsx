/** The product mark: a red seal-like square with 衔 (a brand glyph, the same in every language). */
export function Logo({ size = 30 }: { size?: number }) {
  return (
    <span
      aria-hidden
      style={{
        display: 'inline-grid',
        placeItems: 'center',
        width: size,
        height: size,
        borderRadius: size / 5,
        background: '#c8102e',
        color: '#fff',
        fontSize: Math.round(size * 0.55),
        fontWeight: 600,
        flex: 'none',
      }}
    >
      衔
    </span>
  )
}
