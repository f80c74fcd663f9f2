/** Response shapes of the applications module shared with the web app (`@xianjie/server/contract`). */
import { z } from 'zod'

/** What one run of the county's review raiser did (`POST /api/applications/reviews/raise`). */
export const RaiseResult = z.object({
  county: z.string(),
  asOf: z.string(),
  /** 低保 reviews due by classification. */
  scheduled: z.number(),
  /** … for a member turning 18 out of school. */
  minors: z.number(),
  /** … after department data since the last decision or review: a death, an asset registration, a job. */
  events: z.number(),
  /** Households with a review already open. */
  skippedOpen: z.number(),
  /** 特困 minors who came of age out of school: termination cases opened (reason ADULT). */
  tekunAdults: z.number(),
  /** Gradual exits whose period is over, ended (`endGradualExits`); their households get no more reviews. */
  gradualExitsEnded: z.number(),
})
export type RaiseResult = z.infer<typeof RaiseResult>
