/**
 * The region the user is looking at: app state that the header picker sets and pages filter by. It starts at the
 * user's own region and can only move within it (the API answers 404 outside the scope anyway).
 */
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react'
import { useMe } from './auth.tsx'
import { type Me, type Region, regionPrefix } from './types.ts'

interface RegionState {
  /** The selected region. */
  region: Region
  /** The user's own region (top of their scope). */
  home: Region
  setRegion: (r: Region) => void
  /** Whether `r` lies inside the user's scope (their region or below). */
  inScope: (r: Pick<Region, 'code' | 'level'>) => boolean
}

const RegionContext = createContext<RegionState | null>(null)

function ownRegion(me: Me): Region {
  const own = me.regionPath[me.regionPath.length - 1]
  // A user always has a region path; the fallback only keeps the UI alive if the server sent none.
  return (
    own ?? {
      code: me.regionCode,
      name: me.regionCode,
      level: 5,
      parentCode: null,
      urbanRuralClass: null,
      childCount: 0,
    }
  )
}

export function RegionProvider({ children }: { children: ReactNode }) {
  const me = useMe()
  const home = ownRegion(me)
  const [selected, setSelected] = useState<Region | null>(null)
  const value = useMemo<RegionState>(() => {
    const scope = regionPrefix(home)
    const inScope = (r: Pick<Region, 'code' | 'level'>) => r.level >= home.level && r.code.startsWith(scope)
    const region = selected && inScope(selected) ? selected : home
    return { region, home, inScope, setRegion: (r) => setSelected(inScope(r) ? r : home) }
  }, [home, selected])
  return <RegionContext.Provider value={value}>{children}</RegionContext.Provider>
}

/** The selected region and its setter; only below {@link RegionProvider}. */
export function useRegion(): RegionState {
  const ctx = useContext(RegionContext)
  if (!ctx) throw new Error('useRegion() used outside RegionProvider')
  return ctx
}
