import { type Kysely, sql } from 'kysely'

/**
 * Assistance for monitoring targets (domain.md §5.7, §7.2, §7.3): the plan gets a version, activation, closing and
 * rollback columns; measures per person; helper visits; and the configurable risk → measure suggestion table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table monitoring_plan
      add column version integer not null default 1,
      add column developmental boolean not null default false,
      add column activated_at timestamptz,
      add column closed_at timestamptz,
      add column close_reason text,
      add column rollback_month text,
      add column updated_at timestamptz,
      add column updated_by uuid;
    create index monitoring_plan_household_idx on monitoring_plan (household_id);

    create table monitoring_measure (
      id uuid primary key,
      plan_id uuid not null references monitoring_plan (id),
      household_id uuid not null,
      person_id uuid,
      region_code text not null,
      category text not null,
      item text not null,
      start_date date not null,
      end_date date,
      amount_fen bigint check (amount_fen is null or amount_fen >= 0),
      fund_source text,
      responsible_dept text,
      status text not null default 'PLANNED' check (status in ('PLANNED', 'IN_PROGRESS', 'DONE', 'CANCELLED')),
      details jsonb not null default '{}'::jsonb,
      version integer not null default 1,
      created_at timestamptz not null,
      created_by uuid,
      updated_at timestamptz not null,
      updated_by uuid
    );
    create index monitoring_measure_plan_idx on monitoring_measure (plan_id);

    create table monitoring_visit (
      id uuid primary key,
      household_id uuid not null,
      plan_id uuid,
      region_code text not null,
      visited_on date not null,
      visitor_id uuid,
      visitor_name text not null,
      income_change text,
      progress text,
      new_risks jsonb not null default '[]'::jsonb,
      note text,
      created_at timestamptz not null
    );
    create index monitoring_visit_household_idx on monitoring_visit (household_id, visited_on desc);

    create table monitoring_measure_suggestion (
      risk text not null,
      category text not null,
      item text not null,
      priority integer not null default 1,
      primary key (risk, category, item)
    );
    insert into monitoring_measure_suggestion (risk, category, item, priority) values
      ('ILLNESS', 'HEALTH', '医疗救助', 1), ('ILLNESS', 'HEALTH', '大病保险倾斜', 2),
      ('ILLNESS', 'HEALTH', '慢病签约服务', 3), ('ILLNESS', 'HEALTH', '先诊疗后付费', 4),
      ('ILLNESS', 'SOCIAL_SECURITY', '临时救助', 5),
      ('DISABILITY', 'SOCIAL_SECURITY', '残疾人两项补贴', 1), ('DISABILITY', 'PUBLIC_POST', '村级公益岗', 2),
      ('EDUCATION', 'OTHER_EDU', '学生资助', 1), ('EDUCATION', 'OTHER_EDU', '雨露计划', 2),
      ('EDUCATION', 'COMPULSORY_EDU', '劝返复学', 3),
      ('NATURAL_DISASTER', 'SOCIAL_SECURITY', '临时救助', 1), ('NATURAL_DISASTER', 'SOCIAL_SECURITY', '防贫保险', 2),
      ('NATURAL_DISASTER', 'HOUSING', '重建加固', 3), ('NATURAL_DISASTER', 'INDUSTRY', '产业奖补', 4),
      ('ACCIDENT', 'SOCIAL_SECURITY', '临时救助', 1), ('ACCIDENT', 'SOCIAL_SECURITY', '防贫保险', 2),
      ('INDUSTRY_FAILURE', 'INDUSTRY', '产业奖补', 1), ('INDUSTRY_FAILURE', 'INDUSTRY', '技术指导', 2),
      ('INDUSTRY_FAILURE', 'FINANCE', '脱贫人口小额信贷', 3),
      ('UNSTABLE_EMPLOYMENT', 'EMPLOYMENT', '外出务工补贴', 1), ('UNSTABLE_EMPLOYMENT', 'EMPLOYMENT', '技能培训', 2),
      ('UNSTABLE_EMPLOYMENT', 'EMPLOYMENT', '就业帮扶车间', 3), ('UNSTABLE_EMPLOYMENT', 'PUBLIC_POST', '村级公益岗', 4),
      ('LACK_OF_LABOUR', 'SOCIAL_SECURITY', '低保', 1), ('LACK_OF_LABOUR', 'SOCIAL_SECURITY', '特困供养', 2),
      ('LACK_OF_LABOUR', 'PUBLIC_POST', '村级公益岗', 3),
      ('OTHER', 'SOCIAL', '社会捐助', 1);
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table if exists monitoring_measure_suggestion;
    drop table if exists monitoring_visit;
    drop table if exists monitoring_measure;
    drop index if exists monitoring_plan_household_idx;
    alter table monitoring_plan drop column if exists version, drop column if exists developmental,
      drop column if exists activated_at, drop column if exists closed_at, drop column if exists close_reason,
      drop column if exists rollback_month, drop column if exists updated_at, drop column if exists updated_by;
  `.execute(db)
}
