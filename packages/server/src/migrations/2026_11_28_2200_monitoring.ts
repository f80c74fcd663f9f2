import { type Kysely, sql } from 'kysely'

/**
 * Monitoring targets (domain.md §5.6, §7.2): the assistance plan created when an identification case reaches ACTIVE,
 * one per household and case, due within monitoring.plan_due_days.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table monitoring_plan (
      id uuid primary key,
      household_id uuid not null,
      case_id uuid not null unique,
      region_code text not null,
      category text not null,
      risks jsonb not null,
      due_on date not null,
      status text not null default 'DRAFT' check (status in ('DRAFT', 'ACTIVE', 'CLOSED')),
      created_by uuid,
      created_at timestamptz not null
    );
    create index monitoring_plan_region_idx on monitoring_plan (region_code);
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists monitoring_plan`.execute(db)
}
