/** Queries over `/api/policy`: the model's rendering (static) and the parameters in force for a region and date. */
import { useQuery } from '@tanstack/react-query'
import { api } from '../../app/api.ts'
import type { Single } from '../../app/types.ts'

export interface Legal {
  id: string
  title: string
  article?: string
  href?: string
  note?: string
  status?: 'SOURCED' | 'LOCAL' | 'MEM' | 'ASSUMPTION'
}

export interface RuleDoc {
  cases: string
  label: string
  exceptionTo?: string
  when: string
  value: string
  legal: Legal[]
}

export interface VariableDoc {
  name: string
  label: { zh: string; en: string }
  entity: string
  period: string
  valueType: string
  unit?: string
  input: boolean
  legal: Legal[]
  versions: Array<{ from: string; to?: string; legal: Legal[]; formula: string; cases: RuleDoc[] }>
  dependsOn: string[]
  usedBy: string[]
}

export interface ModelDoc {
  version: string
  programmes: Record<string, string[]>
  variables: VariableDoc[]
}

export interface ParameterDoc {
  path: string
  label: { zh: string; en: string } | null
  description: string
  unit: string
  breakdown: Array<{ dim: string; values: string[] }>
  isScale: boolean
  scopes: string[]
  values: Array<{ cell: string; value: number | null; region: string | null; since: string | null; legal: Legal[] }>
  brackets: Array<{ threshold: number; rate?: number; amount?: number }>
  legal: Legal[]
}

export interface ParametersDoc {
  date: string
  region: string
  digest: string
  parameters: ParameterDoc[]
}

export function usePolicyModel() {
  return useQuery({
    queryKey: ['policy', 'model'],
    queryFn: async () => (await api<Single<ModelDoc>>('/policy/model')).data,
    staleTime: Number.POSITIVE_INFINITY,
  })
}

export function usePolicyParameters(region: string, date: string) {
  return useQuery({
    queryKey: ['policy', 'parameters', region, date],
    queryFn: async () => (await api<Single<ParametersDoc>>('/policy/parameters', { query: { region, date } })).data,
    staleTime: 600_000,
  })
}
