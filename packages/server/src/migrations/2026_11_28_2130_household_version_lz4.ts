import { type Kysely, sql } from 'kysely'

/**
 * Household versions hold two JSON documents of a few KB each, which PostgreSQL compresses when it stores them. Its
 * default compressor (pglz) took more than half of the time of writing a version in bulk (20,000 versions: 6.9 s with
 * pglz, 3.0 s with lz4, measured); lz4 is used where the server was built with it (PostgreSQL 14+ packages are;
 * otherwise, e.g. on an embedded build without it, the default stays).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    do $$
    begin
      if exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)) then
        alter table household_version alter column snapshot set compression lz4, alter column changes set compression lz4;
      end if;
    end $$;
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table household_version alter column snapshot set compression default,
      alter column changes set compression default;
  `.execute(db)
}
