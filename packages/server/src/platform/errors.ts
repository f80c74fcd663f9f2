/**
 * One error type for the whole server. `code` is a closed set; `httpStatus` is the only code → status table; every
 * code has a message in Chinese and English that says what went wrong and how to fix it.
 */
export type Lang = 'zh-CN' | 'en-US'

type Details = Record<string, unknown>
type Msg = (d: Details) => string

const catalogue = {
  VALIDATION_FAILED: {
    status: 400,
    'zh-CN': (d) => `请求内容不符合要求${d.summary ? `：${d.summary}` : ''}。请按提示修改后重试。`,
    'en-US': (d) =>
      `The request is not valid${d.summaryEn || d.summary ? `: ${String(d.summaryEn ?? d.summary)}` : ''}. Correct the fields listed and retry.`,
  },
  MALFORMED_JSON: {
    status: 400,
    'zh-CN': () => '请求正文不是有效的 JSON。请检查括号、引号和逗号。',
    'en-US': () => 'The request body is not valid JSON. Check brackets, quotes and commas.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    'zh-CN': () => '不支持的内容类型。请以 application/json 发送。',
    'en-US': () => 'Unsupported content type. Send application/json.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    'zh-CN': () => '请求正文过大。大文件请使用导入功能上传。',
    'en-US': () => 'The request body is too large. Upload large files through the import function.',
  },
  UNAUTHENTICATED: {
    status: 401,
    'zh-CN': () => '尚未登录或登录已失效。请重新登录。',
    'en-US': () => 'You are not signed in. Sign in and retry.',
  },
  SESSION_EXPIRED: {
    status: 401,
    'zh-CN': () => '长时间未操作，会话已过期。请重新登录。',
    'en-US': () => 'Your session expired after a period of inactivity. Sign in again.',
  },
  INVALID_CREDENTIALS: {
    status: 401,
    'zh-CN': () => '用户名或密码错误。',
    'en-US': () => 'Wrong username or password.',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    'zh-CN': (d) => `从此设备登录该账号失败次数过多，请于 ${String(d.until ?? '')} 后再试，或联系管理员。`,
    'en-US': (d) =>
      `Too many failed sign-ins to this account from this device: retry after ${String(d.until ?? '')}, or contact your administrator.`,
  },
  ACCOUNT_DISABLED: {
    status: 403,
    'zh-CN': () => '该账号已停用。请联系管理员。',
    'en-US': () => 'This account is disabled. Contact your administrator.',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    'zh-CN': () => '首次登录须先修改密码。',
    'en-US': () => 'You must change your password before continuing.',
  },
  PASSWORD_POLICY: {
    status: 400,
    'zh-CN': (d) =>
      `新密码不符合要求：至少 ${String(d.minLength)} 位，且包含大写字母、小写字母、数字、符号中的至少 ${String(d.minClasses)} 类，不得与用户名相同。`,
    'en-US': (d) =>
      `The new password is too weak: use at least ${String(d.minLength)} characters from at least ${String(d.minClasses)} of upper case, lower case, digits and symbols, not the username.`,
  },
  CSRF_FAILED: {
    status: 403,
    'zh-CN': () => '安全校验失败（CSRF 令牌缺失或不符）。请刷新页面后重试。',
    'en-US': () => 'Security check failed (missing or wrong CSRF token). Reload the page and retry.',
  },
  FORBIDDEN: {
    status: 403,
    'zh-CN': (d) => `无权执行此操作${d.reason ? `：${String(d.reason)}` : ''}。`,
    'en-US': (d) => `You may not do this${d.reason ? `: ${String(d.reason)}` : ''}.`,
  },
  SEPARATION_OF_DUTY: {
    status: 403,
    'zh-CN': (d) => `职责分离要求：${String(d.reason ?? '录入人不能审批同一事项')}。请交由其他人员办理。`,
    'en-US': (d) =>
      `Separation of duties: ${String(d.reasonEn ?? 'the person who recorded an item cannot approve it')}. Ask another officer.`,
  },
  NOT_FOUND: {
    status: 404,
    'zh-CN': (d) => `未找到${d.what ? String(d.what) : '所请求的资源'}，或不在您的管辖范围内。`,
    'en-US': (d) => `${d.whatEn ? String(d.whatEn) : 'The resource'} was not found or is outside your area.`,
  },
  REGION_INVALID: {
    status: 400,
    'zh-CN': (d) => `区划代码 ${String(d.code ?? '')} 无效：${String(d.reason ?? '')}`,
    'en-US': (d) => `Region code ${String(d.code ?? '')} is invalid: ${String(d.reasonEn ?? '')}`,
  },
  ID_NUMBER_INVALID: {
    status: 400,
    'zh-CN': (d) => `身份证号码无效：${String(d.reason ?? '')}`,
    'en-US': (d) => `Invalid ID number: ${String(d.reasonEn ?? '')}`,
  },
  CONFLICT: {
    status: 409,
    'zh-CN': (d) => `数据已被他人修改${d.what ? `（${String(d.what)}）` : ''}。请刷新后在最新版本上重新操作。`,
    'en-US': (d) =>
      `Someone else changed this record${d.whatEn ? ` (${String(d.whatEn)})` : ''}. Reload and apply your change to the latest version.`,
  },
  ALREADY_EXISTS: {
    status: 409,
    'zh-CN': (d) => `${String(d.what ?? '记录')}已存在。`,
    'en-US': (d) => `${String(d.whatEn ?? 'The record')} already exists.`,
  },
  TRANSITION_NOT_ALLOWED: {
    status: 409,
    'zh-CN': (d) =>
      `当前环节「${String(d.state ?? '')}」不能执行「${String(d.event ?? '')}」。请刷新查看案件最新状态。`,
    'en-US': (d) =>
      `"${String(d.eventEn ?? d.event ?? '')}" cannot be done while the case is at "${String(d.stateEn ?? d.state ?? '')}". Reload to see its current state.`,
  },
  PRECONDITION_FAILED: {
    status: 422,
    'zh-CN': (d) => `不满足办理条件：${String(d.reason ?? '')}`,
    'en-US': (d) => `A condition is not met: ${String(d.reasonEn ?? d.reason ?? '')}`,
  },
  AMOUNT_OVER_CAP: {
    status: 422,
    'zh-CN': (d) =>
      `${String(d.what ?? '金额')} ${String(d.amountYuan ?? '')} 元超过上限 ${String(d.capYuan ?? '')} 元（${String(d.parameter ?? '')}）。请核对金额；确需超过的，按规定另行审批。`,
    'en-US': (d) =>
      `${String(d.whatEn ?? 'The amount')} of ${String(d.amountYuan ?? '')} yuan exceeds the cap of ${String(d.capYuan ?? '')} yuan (${String(d.parameter ?? '')}). Check the amount; a larger one needs its own approval under the rules.`,
  },
  IMPORT_TOO_LARGE: {
    status: 413,
    'zh-CN': (d) =>
      `导入文件${d.file ? `「${String(d.file)}」` : ''}超出限制：${String(d.what ?? '')}不得超过 ${String(d.limit ?? '')}${d.row ? `（第 ${String(d.row)} 行${d.column ? ` 第 ${String(d.column)} 列` : ''}）` : ''}。请拆分文件或删除多余内容后重新上传。`,
    'en-US': (d) =>
      `The import file${d.file ? ` "${String(d.file)}"` : ''} is over a limit: ${String(d.whatEn ?? '')} at most ${String(d.limit ?? '')}${d.row ? ` (row ${String(d.row)}${d.column ? `, column ${String(d.column)}` : ''})` : ''}. Split the file or remove what is not needed, and upload again.`,
  },
  QUERY_TIMEOUT: {
    status: 503,
    'zh-CN': () => '查询超时，已停止执行。请缩小范围（如选择乡镇或村、增加筛选条件）后重试。',
    'en-US': () =>
      'The query took too long and was stopped. Narrow it (choose a township or village, add filters) and retry.',
  },
  RATE_LIMITED: {
    status: 429,
    'zh-CN': () => '请求过于频繁，请稍后再试。',
    'en-US': () => 'Too many requests. Wait a moment and retry.',
  },
  DATA_DIR_LOCKED: {
    status: 409,
    'zh-CN': (d) =>
      `数据目录 ${String(d.dir ?? '')} 正被进程 ${String(d.pid ?? '')}（${String(d.host ?? '')}，自 ${String(d.since ?? '')} 起，多为运行中的服务器）使用，不能${String(d.doing ?? '打开')}：两个进程同时打开嵌入式数据库会丢失数据。请先停止该服务器（Ctrl+C 或 kill ${String(d.pid ?? '')}）后重试；若该进程已不存在，删除 ${String(d.dir ?? '')}.lock 后重试。`,
    'en-US': (d) =>
      `The data dir ${String(d.dir ?? '')} is in use by process ${String(d.pid ?? '')} on ${String(d.host ?? '')} since ${String(d.since ?? '')} (usually a running server), so it cannot ${String(d.doingEn ?? 'be opened')}: two processes opening the embedded database lose data. Stop that server (Ctrl+C or kill ${String(d.pid ?? '')}) and retry; if that process no longer exists, delete ${String(d.dir ?? '')}.lock and retry.`,
  },
  BACKUP_INVALID: {
    status: 422,
    'zh-CN': (d) =>
      `备份文件 ${String(d.file ?? '')} 无法使用：${String(d.reason ?? '')}。数据目录未作任何改动；请换一个备份文件，或重新备份。`,
    'en-US': (d) =>
      `The backup ${String(d.file ?? '')} cannot be used: ${String(d.reasonEn ?? d.reason ?? '')}. The data dir was left unchanged; use another backup file or take a new backup.`,
  },
  INTERNAL: {
    status: 500,
    'zh-CN': (d) => `服务器内部错误。请将请求编号 ${String(d.requestId ?? '')} 告知管理员。`,
    'en-US': (d) => `Internal error. Give request id ${String(d.requestId ?? '')} to your administrator.`,
  },
} satisfies Record<string, { status: number; 'zh-CN': Msg; 'en-US': Msg }>

export type ErrorCode = keyof typeof catalogue

/** The only code → HTTP status table. */
export const httpStatus = Object.fromEntries(Object.entries(catalogue).map(([k, v]) => [k, v.status])) as Record<
  ErrorCode,
  number
>

export const errorCodes = Object.keys(catalogue) as ErrorCode[]

export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: Details
  constructor(code: ErrorCode, details: Details = {}, cause?: unknown) {
    super(catalogue[code]['en-US'](details), cause === undefined ? undefined : { cause })
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  /** The message in the given language. */
  messageIn(lang: Lang): string {
    return catalogue[this.code][lang](this.details)
  }
}

/** Error body of every failed request. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: Details }
}

export function errorBody(err: AppError, lang: Lang): ErrorBody {
  return { error: { code: err.code, message: err.messageIn(lang), details: err.details } }
}

/** Picks zh-CN or en-US from an explicit choice or an Accept-Language header. */
export function pickLang(explicit: string | undefined, acceptLanguage: string | undefined): Lang {
  const v = (explicit ?? acceptLanguage ?? '').toLowerCase()
  if (v.startsWith('en')) return 'en-US'
  return 'zh-CN'
}
