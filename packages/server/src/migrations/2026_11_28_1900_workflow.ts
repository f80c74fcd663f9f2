import { type Kysely, sql } from 'kysely'
import { officialCalendar } from '../modules/workflow/calendar.ts'

/**
 * The shared workflow mechanism: cases of every declared type, their transitions (history), the task each open case
 * puts in an inbox, publicity rounds with objections, evidence attachments, and the working-day calendar.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table calendar_day (
      date date primary key,
      kind text not null check (kind in ('holiday', 'workday')),
      name text not null,
      source text not null check (source in ('chinese-days', 'manual')),
      updated_by uuid,
      updated_at timestamptz not null default now()
    );

    create table wf_case (
      id uuid primary key,
      case_type text not null,
      state text not null,
      version integer not null default 1,
      county_code varchar(6) not null,
      region_code varchar(12) not null,
      household_id uuid,
      person_id uuid,
      subject_name text not null,
      data jsonb not null default '{}',
      opened_on date not null,
      due_on date,
      state_since timestamptz not null,
      state_due_on date,
      closed_at timestamptz,
      receipt_code text unique,
      opened_by uuid,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index wf_case_type_state_idx on wf_case (case_type, state);
    create index wf_case_region_idx on wf_case (region_code text_pattern_ops);
    create index wf_case_household_idx on wf_case (household_id);

    create table wf_transition (
      id uuid primary key,
      case_id uuid not null references wf_case (id),
      seq integer not null,
      event text not null,
      from_state text not null,
      to_state text not null,
      actor_id uuid,
      actor_name text not null,
      at timestamptz not null,
      on_date date not null,
      comment text,
      payload jsonb not null default '{}',
      unique (case_id, seq)
    );

    create table wf_task (
      id uuid primary key,
      case_id uuid not null references wf_case (id),
      case_type text not null,
      state text not null,
      assignee_roles text[] not null,
      assignee_scope text not null,
      region_code varchar(12) not null,
      due_on date,
      created_at timestamptz not null,
      done_at timestamptz,
      done_by uuid,
      done_event text
    );
    create index wf_task_open_idx on wf_task (assignee_scope, due_on) where done_at is null;
    create index wf_task_region_idx on wf_task (region_code text_pattern_ops) where done_at is null;
    create unique index wf_task_one_open_idx on wf_task (case_id) where done_at is null;

    create table wf_publicity (
      id uuid primary key,
      case_id uuid not null references wf_case (id),
      round integer not null,
      state text not null,
      place text not null,
      start_on date not null,
      end_on date not null,
      notice jsonb not null,
      posted_by uuid,
      posted_at timestamptz not null,
      closed_at timestamptz,
      closed_reason text check (closed_reason in ('completed', 'objection', 'withdrawn')),
      unique (case_id, round)
    );

    create table wf_objection (
      id uuid primary key,
      publicity_id uuid not null references wf_publicity (id),
      case_id uuid not null references wf_case (id),
      received_on date not null,
      objector text,
      content text not null,
      recorded_by uuid,
      recorded_at timestamptz not null
    );

    create table wf_attachment (
      id uuid primary key,
      case_id uuid not null references wf_case (id),
      transition_id uuid references wf_transition (id),
      name text not null,
      mime text not null,
      size integer not null,
      sha256 text not null,
      content bytea not null,
      uploaded_by uuid,
      uploaded_at timestamptz not null
    );
    create index wf_attachment_case_idx on wf_attachment (case_id);
  `.execute(db)

  const days = officialCalendar()
  for (let i = 0; i < days.length; i += 500) {
    const chunk = days.slice(i, i + 500)
    await sql`
      insert into calendar_day (date, kind, name, source)
      select d, k, n, 'chinese-days' from unnest(${chunk.map((d) => d.date)}::date[], ${chunk.map((d) => d.kind)}::text[], ${chunk.map((d) => d.name)}::text[]) as t(d, k, n)
    `.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table wf_attachment; drop table wf_objection; drop table wf_publicity; drop table wf_task;
    drop table wf_transition; drop table wf_case; drop table calendar_day;
  `.execute(db)
}
