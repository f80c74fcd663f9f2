import { type Kysely, sql } from 'kysely'

/**
 * Which years have an official holiday schedule (issue 17, finding 12). A weekday of a year without one counts as a
 * working day only provisionally: deadlines reaching into such a year say so, the calendar page lists the years
 * loaded, and an administrator loads a year's State Council notice (source `notice`). The years shipped with
 * `chinese-days` count as loaded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table calendar_year (
      year int primary key check (year between 2000 and 2099),
      source text not null check (source in ('chinese-days', 'notice')),
      notice text,
      loaded_at timestamptz not null default now(),
      loaded_by uuid
    );
    insert into calendar_year (year, source)
      select distinct extract(year from date)::int, 'chinese-days' from calendar_day where source = 'chinese-days';
    alter table calendar_day drop constraint calendar_day_source_check;
    alter table calendar_day add constraint calendar_day_source_check
      check (source in ('chinese-days', 'manual', 'notice'));
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from calendar_day where source = 'notice';
    alter table calendar_day drop constraint calendar_day_source_check;
    alter table calendar_day add constraint calendar_day_source_check check (source in ('chinese-days', 'manual'));
    drop table calendar_year;
  `.execute(db)
}
