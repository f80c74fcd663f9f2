import { type Kysely, sql } from 'kysely'

/**
 * Households with a disabled member (the list's `disabled` filter): about 6 % of persons, so for most households the
 * member probe found nothing after reading every member. A partial index of those persons answers from the index
 * alone: a village filtered on age ≥ 60 and a disabled member, median 17.3 → 7.4 ms at 1 M persons.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index person_disabled_household_idx on person (household_id)
      where status = 'ACTIVE' and disability_level is not null;
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index person_disabled_household_idx`.execute(db)
}
