/** The whole schema as Kysely sees it: each module contributes its table interfaces here. */
export interface Database {}
