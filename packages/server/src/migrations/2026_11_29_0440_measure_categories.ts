import { type Kysely, sql } from 'kysely'

/**
 * The assistance-measure categories of the national survey form (domain.md §5.7) as data, with the flag the monthly
 * report (§10.1 "% with developmental measures among households with labour") reads: which categories are
 * developmental assistance (开发式帮扶). §7.2 [S55][S1]: households with labour capacity get developmental measures —
 * industry, employment (incl. skills training and 帮扶车间), micro-credit — and households without stable earning
 * capacity the social-security bottom line. Public-welfare posts (乡村公益性岗位) are employment assistance (就业帮扶
 * 托底安置), as the plan's own `developmental` flag counts them. A county that reads the policy differently changes
 * the row, not the code.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table monitoring_measure_category (
      code text primary key,
      zh text not null,
      en text not null,
      sort integer not null,
      developmental boolean not null,
      legal text not null
    );
    insert into monitoring_measure_category (code, zh, en, sort, developmental, legal) values
      ('INDUSTRY', '产业帮扶', 'Industry', 1, true, 'domain.md §7.2 开发式帮扶 [S55][S1]'),
      ('EMPLOYMENT', '就业帮扶', 'Employment', 2, true, 'domain.md §7.2 开发式帮扶 [S55][S1]'),
      ('FINANCE', '金融帮扶', 'Finance', 3, true, 'domain.md §7.2 开发式帮扶（小额信贷）[S55][S1]'),
      ('PUBLIC_POST', '公益岗位帮扶', 'Public-welfare post', 4, true, 'domain.md §7.2, §7.8 就业帮扶（公益性岗位）[S55]'),
      ('HOUSING', '住房安全保障', 'Housing safety', 5, false, 'domain.md §5.7'),
      ('WATER', '饮水安全保障', 'Drinking water', 6, false, 'domain.md §5.7'),
      ('HEALTH', '健康帮扶', 'Health', 7, false, 'domain.md §5.7'),
      ('COMPULSORY_EDU', '义务教育保障', 'Compulsory education', 8, false, 'domain.md §5.7'),
      ('OTHER_EDU', '其他教育帮扶', 'Other education', 9, false, 'domain.md §5.7'),
      ('SOCIAL_SECURITY', '综合保障', 'Social security', 10, false, 'domain.md §7.2 兜底保障 [S55][S1]'),
      ('SOCIAL', '社会帮扶', 'Social assistance', 11, false, 'domain.md §5.7'),
      ('RELOCATION', '搬迁', 'Relocation', 12, false, 'domain.md §5.7'),
      ('LIVING_CONDITIONS', '生产生活条件改善', 'Living conditions', 13, false, 'domain.md §5.7'),
      ('INFRASTRUCTURE', '基础设施建设', 'Infrastructure', 14, false, 'domain.md §5.7');
  `.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists monitoring_measure_category`.execute(db)
}
