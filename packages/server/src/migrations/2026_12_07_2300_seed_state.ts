import { type Kysely, sql } from 'kysely'

/**
 * Checkpoints of the first start's demo seeding (seed.ts): one row per finished step, so a start that was killed
 * resumes at the first unfinished step instead of skipping the seeding for good (issue 17 finding 6).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table seed_state (
      step text primary key,
      done_at timestamptz not null default now(),
      detail jsonb not null default '{}'::jsonb
    );
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table seed_state`.execute(db)
}
