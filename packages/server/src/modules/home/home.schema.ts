/** The home page's summary of a region (`GET /api/home/summary`): what a signed-in official's first screen shows. */
import { z } from 'zod'
import { Text } from '../workflow/workflow.schema.ts'

export const HomeQuery = z
  .object({
    region: z
      .string()
      .regex(/^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/, 'a region code prefix has 2, 4, 6, 9 or 12 digits')
      .optional()
      .describe('Region to summarise (a 2–12 digit prefix); the user’s own region when absent'),
  })
  .strict()

const Count = z.number().int().nonnegative()

export const HomeSummary = z.object({
  asOf: z.string().describe('The day in China the figures are for'),
  month: z.string().describe('YYYY-MM of the month figures'),
  region: z.object({ code: z.string(), name: z.string() }),
  tasks: z.object({ open: Count, overdue: Count, dueSoon: Count }).describe('Open tasks of the user’s office'),
  households: z.object({ households: Count, persons: Count }).nullable(),
  monitoring: z
    .object({
      targets: Count.describe('Households under monitoring (risk not yet eliminated)'),
      eliminated: Count.describe('Households whose risk is eliminated'),
      identifiedThisMonth: Count,
      eliminatedThisMonth: Count,
      visitsOverdue: Count.describe('Targets whose helper visit is past due'),
    })
    .nullable(),
  warnings: z.object({ open: Count, overdue: Count }).nullable(),
  cases: z
    .array(
      z.object({
        caseType: z.string(),
        typeLabel: Text,
        state: z.string(),
        stateLabel: Text,
        open: Count,
        overdue: Count,
      }),
    )
    .nullable()
    .describe('Open cases by type and stage'),
  assistance: z
    .object({
      paying: z
        .array(z.object({ programme: z.string(), households: Count, monthlyFen: z.number().int() }))
        .describe(
          'Households paid by programme, with this month’s amount (monthly amounts and one-off payments due this month)',
        ),
      roster: z
        .object({ month: z.string(), status: z.string(), lines: Count, totalFen: z.number().int() })
        .nullable()
        .describe('This month’s payment roster(s) of the scope, summed'),
    })
    .nullable(),
  publicity: z.object({ open: Count, endingSoon: Count }).nullable(),
})
export type HomeSummary = z.infer<typeof HomeSummary>
