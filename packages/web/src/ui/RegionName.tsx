/**
 * A region by its name, with the code on hover: `巴牙村委会` for 622926100202. Names come from `/api/regions/:code/path`
 * (cached for ten minutes, one request per region however many rows show it); a region outside the user's view, or
 * while loading, shows the code.
 */
import { Tooltip } from 'antd'
import { useRegionPath } from '../features/regions/regionsApi.ts'

export function RegionName({ code, full = false }: { code: string | null | undefined; full?: boolean }) {
  const path = useRegionPath(code && /^\d{12}$/.test(code) ? code : '')
  if (!code) return <>—</>
  const names = path.data?.map((r) => r.name) ?? []
  const name = names.length ? (full ? names.join(' / ') : (names.at(-1) as string)) : code
  return (
    <Tooltip title={full || !names.length ? code : `${names.join(' / ')}（${code}）`}>
      <span data-region={code}>{name}</span>
    </Tooltip>
  )
}
