import { type Kysely, sql } from 'kysely'

/**
 * The change log the in-memory household search follows (modules/households/search-index.ts, ADR 0003): every
 * statement that writes households, members or assistance plans records the households it changed, with its
 * transaction id, so a reader can take the rows of transactions committed since its last read even when they commit
 * out of order. A statement that changes more than 500 households of a county (an import, a seed) records the county
 * alone: the reader rebuilds it. Rows older than an hour are deleted by the readers.
 */
const CHANGES = (tables: string[], county: string, household: string) => `
  with d as (${tables.map((t) => `select ${county} as c, ${household} as h from ${t}`).join(' union ')}),
       k as (select c, count(*) as n from d group by c)
  insert into search_change (county_code, household_id)
  select d.c, d.h from d join k using (c) where k.n <= 500
  union all
  select c, null from k where n > 500;`

const TRIGGERS: Array<{ table: string; county: string; household: string }> = [
  { table: 'household', county: 'county_code', household: 'id' },
  { table: 'person', county: 'county_code', household: 'household_id' },
  { table: 'monitoring_plan', county: 'left(region_code, 6)', household: 'household_id' },
]

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table search_change (
      xid xid8 not null default pg_current_xact_id(),
      county_code text not null,
      household_id uuid,
      at timestamptz not null default clock_timestamp()
    );
    create index search_change_xid_idx on search_change (xid);
    create index search_change_at_idx on search_change (at);
  `.execute(db)
  for (const { table, county, household } of TRIGGERS) {
    // a trigger with transition tables handles one event; UPDATE records the old rows too (a member moved out)
    await sql
      .raw(`
      create function search_change_${table}_ins() returns trigger language plpgsql as $$
      begin ${CHANGES(['new_rows'], county, household)} return null; end $$;
      create function search_change_${table}_upd() returns trigger language plpgsql as $$
      begin ${CHANGES(['new_rows', 'old_rows'], county, household)} return null; end $$;
      create function search_change_${table}_del() returns trigger language plpgsql as $$
      begin ${CHANGES(['old_rows'], county, household)} return null; end $$;
      create trigger search_change_ins after insert on ${table}
        referencing new table as new_rows for each statement execute function search_change_${table}_ins();
      create trigger search_change_upd after update on ${table}
        referencing new table as new_rows old table as old_rows
        for each statement execute function search_change_${table}_upd();
      create trigger search_change_del after delete on ${table}
        referencing old table as old_rows for each statement execute function search_change_${table}_del();
    `)
      .execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { table } of TRIGGERS)
    await sql
      .raw(`
      drop trigger if exists search_change_ins on ${table};
      drop trigger if exists search_change_upd on ${table};
      drop trigger if exists search_change_del on ${table};
      drop function if exists search_change_${table}_ins();
      drop function if exists search_change_${table}_upd();
      drop function if exists search_change_${table}_del();
    `)
      .execute(db)
  await sql`drop table if exists search_change`.execute(db)
}
