import { type Kysely, sql } from 'kysely'

/**
 * Tiered social assistance (domain.md §5.8, §6.4–§6.8, §6.11): programme decisions with the engine's values and
 * trace, the low-income registry (six groups per person with since/until), referrals between monitoring and civil
 * affairs, monthly payment rosters (immutable once approved, enforced here by triggers; corrections are adjustment
 * lines), the yearly pension-premium (代缴) roster with post-export adjustments, and special-assistance grants.
 *
 * Named after the monitoring migration: Kysely refuses a migration that sorts before one already executed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sa_decision (
      id uuid primary key,
      county_code varchar(6) not null,
      region_code varchar(12) not null,
      household_id uuid not null,
      person_id uuid,
      programme text not null check (programme in ('DIBAO', 'TEKUN', 'TEMP_RELIEF', 'DIBAO_MARGINAL', 'RIGID_EXPENDITURE')),
      classification text check (classification in ('A', 'B', 'C')),
      care_tier text check (care_tier in ('SELF_CARE', 'SEMI_CARE', 'FULL_CARE')),
      support_mode text check (support_mode in ('HOME', 'INSTITUTION')),
      relief_type text check (relief_type in ('URGENT', 'EXPENDITURE')),
      covered_persons integer not null default 1,
      monthly_amount bigint not null default 0,
      one_off_amount bigint not null default 0,
      pay_month varchar(6),
      since date not null,
      until date,
      status text not null check (status in ('PAYING', 'GRADUAL_EXIT', 'TERMINATED')),
      gradual_exit_until date,
      inputs jsonb not null,
      computed jsonb not null,
      trace jsonb,
      trace_ref text not null,
      model_version text not null,
      param_digest text not null,
      decided_by uuid,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      version integer not null default 1,
      check (programme <> 'TEKUN' or person_id is not null),
      check (status <> 'GRADUAL_EXIT' or gradual_exit_until is not null)
    );
    create index sa_decision_county_idx on sa_decision (county_code, programme, status);
    create index sa_decision_region_idx on sa_decision (region_code text_pattern_ops);
    create index sa_decision_household_idx on sa_decision (household_id);

    create table low_income_entry (
      id uuid primary key,
      county_code varchar(6) not null,
      region_code varchar(12) not null,
      household_id uuid not null,
      person_id uuid not null,
      group_code text not null check (group_code in ('DIBAO', 'TEKUN', 'PREVENTION_TARGET', 'DIBAO_MARGINAL', 'RIGID_EXPENDITURE', 'OTHER')),
      since date not null,
      until date,
      source text not null,
      source_id uuid,
      note text,
      created_at timestamptz not null
    );
    create index low_income_entry_county_idx on low_income_entry (county_code, group_code, until);
    create index low_income_entry_region_idx on low_income_entry (region_code text_pattern_ops);
    create index low_income_entry_person_idx on low_income_entry (person_id, group_code);
    create unique index low_income_entry_source_idx on low_income_entry (source_id, person_id, group_code) where source_id is not null;

    create table sa_referral (
      id uuid primary key,
      county_code varchar(6) not null,
      region_code varchar(12) not null,
      household_id uuid not null,
      direction text not null check (direction in ('TO_CIVIL_AFFAIRS', 'TO_MONITORING')),
      status text not null check (status in ('OPEN', 'ACCEPTED', 'DECLINED')),
      reason jsonb not null,
      task_ref text,
      created_at timestamptz not null,
      created_by uuid,
      resolved_at timestamptz,
      resolved_by uuid,
      note text
    );
    create unique index sa_referral_open_idx on sa_referral (household_id, direction) where status = 'OPEN';
    create index sa_referral_county_idx on sa_referral (county_code, status);

    create table pay_roster (
      id uuid primary key,
      county_code varchar(6) not null,
      month varchar(6) not null,
      status text not null check (status in ('GENERATING', 'DRAFT', 'APPROVED')),
      job_id uuid,
      generated_by uuid,
      generated_at timestamptz,
      approved_by uuid,
      approved_at timestamptz,
      line_count integer not null default 0,
      total_amount bigint not null default 0,
      param_digest text,
      created_at timestamptz not null
    );
    create unique index pay_roster_month_idx on pay_roster (county_code, month);

    create table pay_roster_line (
      id uuid primary key,
      roster_id uuid not null references pay_roster (id),
      county_code varchar(6) not null,
      township_code varchar(12) not null,
      region_code varchar(12) not null,
      household_id uuid not null,
      person_id uuid not null,
      decision_id uuid,
      programme text not null,
      kind text not null check (kind in ('REGULAR', 'ADJUSTMENT')),
      amount bigint not null,
      calc jsonb not null,
      adjusts_line_id uuid,
      note text,
      created_by uuid,
      created_at timestamptz not null
    );
    create index pay_roster_line_roster_idx on pay_roster_line (roster_id, township_code, programme);
    create index pay_roster_line_person_idx on pay_roster_line (person_id);

    create table pay_roster_export (
      id uuid primary key,
      roster_id uuid not null references pay_roster (id),
      exported_by uuid,
      exported_at timestamptz not null,
      full_accounts boolean not null,
      line_count integer not null,
      total_amount bigint not null
    );

    -- An approved roster never changes: its row is frozen, its lines are frozen, only adjustment lines may be added.
    create function pay_roster_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.status = 'APPROVED' then
          raise exception 'ROSTER_IMMUTABLE: approved roster % cannot be deleted', old.id using errcode = 'P0001';
        end if;
        return old;
      end if;
      if old.status = 'APPROVED' then
        raise exception 'ROSTER_IMMUTABLE: approved roster % cannot be changed', old.id using errcode = 'P0001';
      end if;
      return new;
    end $$;
    create trigger pay_roster_guard before update or delete on pay_roster
      for each row execute function pay_roster_guard();

    create function pay_roster_line_guard() returns trigger language plpgsql as $$
    declare st text;
    begin
      select status into st from pay_roster where id = coalesce(new.roster_id, old.roster_id);
      if st = 'APPROVED' then
        if tg_op = 'INSERT' and new.kind = 'ADJUSTMENT' then
          return new;
        end if;
        raise exception 'ROSTER_IMMUTABLE: lines of approved roster % cannot be changed; add an adjustment line',
          coalesce(new.roster_id, old.roster_id) using errcode = 'P0001';
      end if;
      if tg_op = 'DELETE' then return old; end if;
      return new;
    end $$;
    create trigger pay_roster_line_guard before insert or update or delete on pay_roster_line
      for each row execute function pay_roster_line_guard();

    create table daijiao_roster (
      id uuid primary key,
      county_code varchar(6) not null,
      year integer not null,
      status text not null check (status in ('DRAFT', 'EXPORTED')),
      generated_by uuid,
      generated_at timestamptz not null,
      exported_at timestamptz,
      exported_by uuid,
      line_count integer not null default 0,
      total_amount bigint not null default 0,
      param_digest text not null
    );
    create unique index daijiao_roster_year_idx on daijiao_roster (county_code, year);

    create table daijiao_line (
      id uuid primary key,
      roster_id uuid not null references daijiao_roster (id),
      county_code varchar(6) not null,
      township_code varchar(12) not null,
      region_code varchar(12) not null,
      household_id uuid not null,
      person_id uuid not null,
      groups text[] not null,
      group_applied text,
      rate numeric(6, 4) not null,
      min_tier bigint not null,
      amount bigint not null,
      kind text not null check (kind in ('REGULAR', 'ADJUSTMENT')),
      calc jsonb not null,
      created_at timestamptz not null
    );
    create index daijiao_line_roster_idx on daijiao_line (roster_id, person_id);

    create table special_grant (
      id uuid primary key,
      county_code varchar(6) not null,
      region_code varchar(12) not null,
      household_id uuid not null,
      person_id uuid,
      grant_type text not null check (grant_type in ('MEDICAL', 'EDUCATION', 'HOUSING', 'EMPLOYMENT', 'DISASTER')),
      amount bigint not null check (amount > 0),
      period_from date not null,
      period_to date,
      department text not null,
      low_income_group text not null,
      note text,
      created_by uuid,
      created_at timestamptz not null
    );
    create index special_grant_county_idx on special_grant (county_code, grant_type);
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists special_grant, daijiao_line, daijiao_roster, pay_roster_export, pay_roster_line, pay_roster,
      sa_referral, low_income_entry, sa_decision cascade;
    drop function if exists pay_roster_guard, pay_roster_line_guard;
  `.execute(db)
}
