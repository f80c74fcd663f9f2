import { type Kysely, sql } from 'kysely'

/**
 * Department feeds and early warning (domain.md §8): every upload or push (all-or-nothing), its row issues, the
 * matched feed records kept as evidence, the unmatched queue, warnings per household with the rule hits merged into
 * them (a unique hit key makes a re-run of a screening batch harmless).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table feed_batch (
      id uuid primary key,
      source text not null,
      channel text not null check (channel in ('FILE', 'PUSH')),
      scope text not null,
      file_name text,
      status text not null check (status in ('accepted', 'rejected')),
      total_rows integer not null,
      matched_rows integer not null,
      unmatched_rows integer not null,
      skipped_rows integer not null,
      error_rows integer not null,
      max_data_date date,
      screening jsonb,
      created_by uuid,
      created_at timestamptz not null
    );
    create index feed_batch_source_idx on feed_batch (source, created_at desc);

    create table feed_issue (
      batch_id uuid not null references feed_batch (id) on delete cascade,
      seq integer not null,
      row_no integer not null,
      column_name text,
      value text,
      code text not null,
      message text not null,
      message_en text not null,
      primary key (batch_id, seq)
    );

    create table feed_record (
      id uuid primary key,
      batch_id uuid not null references feed_batch (id),
      source text not null,
      signal text,
      amount bigint,
      person_id uuid not null,
      household_id uuid not null,
      county_code varchar(6) not null,
      region_code varchar(12) not null,
      data_date date not null,
      fields jsonb not null,
      row_hash text not null,
      created_at timestamptz not null
    );
    create unique index feed_record_row_idx on feed_record (source, row_hash);
    create index feed_record_county_idx on feed_record (county_code, signal, data_date);
    create index feed_record_household_idx on feed_record (household_id, data_date);

    create table feed_unmatched (
      id uuid primary key,
      batch_id uuid not null references feed_batch (id),
      source text not null,
      scope text not null,
      row_no integer not null,
      id_number text not null,
      name text,
      data_date date,
      reason text not null,
      message text not null,
      message_en text not null,
      fields jsonb not null,
      row_hash text not null,
      status text not null default 'OPEN' check (status in ('OPEN', 'RESOLVED')),
      created_at timestamptz not null
    );
    create index feed_unmatched_hash_idx on feed_unmatched (source, row_hash);
    create index feed_unmatched_scope_idx on feed_unmatched (scope text_pattern_ops, status, created_at desc);

    create table warning (
      id uuid primary key,
      household_id uuid not null,
      county_code varchar(6) not null,
      region_code varchar(12) not null,
      status text not null check (status in ('OPEN', 'CLOSED')),
      severity text not null,
      rules text[] not null,
      opened_on date not null,
      deadline date not null,
      deadline_legal jsonb not null,
      last_data_date date not null,
      outcome text check (outcome in ('CONVERTED', 'ALREADY_MONITORED', 'REFERRED_TO_CIVIL_AFFAIRS', 'REFERRED_TO_MEDICAL_ASSISTANCE', 'NO_RISK')),
      outcome_note text,
      outcome_evidence jsonb,
      closed_by uuid,
      closed_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index warning_region_idx on warning (region_code text_pattern_ops, status, deadline);
    create index warning_household_idx on warning (household_id, opened_on desc);

    create table warning_hit (
      id uuid primary key,
      warning_id uuid not null references warning (id),
      household_id uuid not null,
      county_code varchar(6) not null,
      rule_code text not null,
      source text not null,
      person_id uuid,
      anchor text not null,
      data_date date not null,
      value bigint,
      threshold double precision,
      severity text not null,
      evidence jsonb not null,
      screened_on date not null,
      created_at timestamptz not null
    );
    create unique index warning_hit_key_idx on warning_hit (household_id, rule_code, anchor);
    create index warning_hit_warning_idx on warning_hit (warning_id);
    create index warning_hit_county_idx on warning_hit (county_code, rule_code);
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table warning_hit; drop table warning; drop table feed_unmatched; drop table feed_record; drop table feed_issue; drop table feed_batch;`.execute(
    db,
  )
}
