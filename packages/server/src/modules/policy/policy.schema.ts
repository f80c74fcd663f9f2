/** Schemas of the policy routes: the model's rendering and the parameters in force (`policy.service.ts`). */
import { z } from 'zod'
import { RegionCode } from '../../platform/schema.ts'

const Label = z.object({ zh: z.string(), en: z.string() })

export const LegalRef = z
  .object({
    id: z.string(),
    title: z.string(),
    article: z.string().optional(),
    href: z.string().optional(),
    effectiveFrom: z.string().optional(),
    publishedOn: z.string().optional(),
    note: z.string().optional(),
    status: z.enum(['SOURCED', 'LOCAL', 'MEM', 'ASSUMPTION']).optional(),
  })
  .describe('A citation: the text, its article, and whether it is sourced, local practice or an assumption')
const Legal = z.array(LegalRef).readonly()

const RenderedCase = z.object({
  cases: z.string(),
  label: z.string(),
  exceptionTo: z.string().optional(),
  when: z.string(),
  value: z.string(),
  legal: Legal,
})

export const VariableDoc = z.object({
  name: z.string(),
  label: Label,
  entity: z.string(),
  period: z.string(),
  valueType: z.string(),
  unit: z.string().optional(),
  input: z.boolean().describe('An input (recorded or supplied), not computed'),
  legal: Legal,
  versions: z.array(
    z.object({
      from: z.string(),
      to: z.string().optional(),
      legal: Legal,
      formula: z.string().describe('The formula as text'),
      cases: z.array(RenderedCase).describe('Labelled rules of the formula, with their conditions and citations'),
    }),
  ),
  dependsOn: z.array(z.string()).readonly().describe('Variables and `param:` paths the formula reads'),
  usedBy: z.array(z.string()).readonly(),
})

export const ModelDoc = z.object({
  version: z.string(),
  programmes: z.record(z.string(), z.array(z.string()).readonly()).describe('Main outputs of each programme'),
  variables: z.array(VariableDoc).describe('In dependency order'),
})

export const ParametersQuery = z.object({
  date: z.iso.date().optional().describe('Day the parameters are in force on (default: today in China)'),
  region: RegionCode.optional().describe('Region whose values are shown (default: the user’s region)'),
})

export const ParameterDoc = z.object({
  path: z.string(),
  label: Label.nullable(),
  description: z.string(),
  unit: z.string(),
  breakdown: z.array(z.object({ dim: z.string(), values: z.array(z.string()) })),
  isScale: z.boolean(),
  scopes: z.array(z.string()).describe('Region scopes that set a value (empty string = national)'),
  values: z.array(
    z.object({
      cell: z.string(),
      value: z.number().nullable(),
      region: z.string().nullable().describe('Scope the value comes from (empty string = national)'),
      since: z.string().nullable(),
      legal: Legal,
    }),
  ),
  brackets: z.array(z.object({ threshold: z.number(), rate: z.number().optional(), amount: z.number().optional() })),
  legal: Legal,
})

export const ParametersDoc = z.object({
  date: z.string(),
  region: z.string(),
  digest: z.string().describe('Hash of the resolved parameters, stored with each decision'),
  parameters: z.array(ParameterDoc),
})

/** A parameter an engine result read, for officials: name, value (money in fen), unit and documents (`explain.ts`). */
export const ExplainedParam = z
  .object({
    path: z.string(),
    label: Label,
    value: z.number(),
    unit: z.string(),
    documents: z.array(Label),
    localDefault: z.boolean().optional(),
  })
  .describe('A parameter read: its name, value and unit, and the documents it rests on')
