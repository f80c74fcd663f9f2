/** Queries over `/api/policy`: the model's rendering (static) and the parameters in force for a region and date. */
import { useQuery } from '@tanstack/react-query'
import type { ModelDoc as ModelDocSchema, ParametersDoc as ParametersDocSchema } from '@xianjie/server/contract'
import type { z } from 'zod'
import { api } from '../../app/api.ts'
import type { Single } from '../../app/types.ts'

export type ModelDoc = z.infer<typeof ModelDocSchema>
export type VariableDoc = ModelDoc['variables'][number]
export type RuleDoc = VariableDoc['versions'][number]['cases'][number]
export type Legal = VariableDoc['legal'][number]
export type ParametersDoc = z.infer<typeof ParametersDocSchema>
export type ParameterDoc = ParametersDoc['parameters'][number]

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
