import type { Selectable } from 'kysely'

export interface RegionTable {
  code: string
  level: number
  name: string
  parent_code: string | null
  prefix: string
  urban_rural_class: string | null
  valid_from: string
  valid_to: string | null
  source: string
}
export type RegionRow = Selectable<RegionTable>
