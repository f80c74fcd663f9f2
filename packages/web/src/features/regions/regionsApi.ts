/** Queries over `/api/regions`: one region, its children, its path from the province, and search within scope. */
import { useQuery } from '@tanstack/react-query'
import { api } from '../../app/api.ts'
import type { Region, Single } from '../../app/types.ts'

export const regionKeys = {
  children: (code: string) => ['regions', code, 'children'] as const,
  path: (code: string) => ['regions', code, 'path'] as const,
  search: (q: string) => ['regions', 'search', q] as const,
}

export async function fetchChildren(code: string): Promise<Region[]> {
  return (await api<Single<Region[]>>(`/regions/${code}/children`)).data
}

export function useRegionChildren(code: string) {
  return useQuery({ queryKey: regionKeys.children(code), queryFn: () => fetchChildren(code), staleTime: 600_000 })
}

export function useRegionPath(code: string) {
  return useQuery({
    queryKey: regionKeys.path(code),
    queryFn: async () => (await api<Single<Region[]>>(`/regions/${code}/path`)).data,
    enabled: code !== '',
    staleTime: 600_000,
  })
}

export function useRegionSearch(q: string, limit = 50) {
  return useQuery({
    queryKey: regionKeys.search(q),
    queryFn: async () => (await api<Single<Region[]>>('/regions/search', { query: { q, limit } })).data,
    enabled: q.length > 0,
    staleTime: 60_000,
  })
}
