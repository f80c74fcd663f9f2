/** i18next set-up: zh-CN by default, en-US selectable, choice kept in localStorage; dayjs follows the language. */
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import { enUS } from './en-US.ts'
import { type Messages, zhCN } from './zh-CN.ts'

export const languages = ['zh-CN', 'en-US'] as const
export type Language = (typeof languages)[number]

const storageKey = 'xj_lang'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: Messages }
  }
}

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(storageKey)
    if (saved === 'zh-CN' || saved === 'en-US') return saved
  } catch {
    // storage blocked: fall through to the default
  }
  return 'zh-CN'
}

function applySideEffects(lang: Language): void {
  dayjs.locale(lang === 'zh-CN' ? 'zh-cn' : 'en')
  document.documentElement.lang = lang
  document.title = i18n.t('app.fullName')
}

const lang = initialLanguage()
void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: lang,
  fallbackLng: 'zh-CN',
  supportedLngs: languages,
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
})
applySideEffects(lang)

/** Switches the UI language, remembers it, and updates dayjs and `<html lang>`. */
export async function setLanguage(next: Language): Promise<void> {
  try {
    localStorage.setItem(storageKey, next)
  } catch {
    // not persisted; the switch still applies to this tab
  }
  await i18n.changeLanguage(next)
  applySideEffects(next)
}

/** The current UI language, narrowed to the supported ones. */
export function currentLanguage(): Language {
  return i18n.language === 'en-US' ? 'en-US' : 'zh-CN'
}

/** Message groups whose keys are codes coming from the server (roles, levels, statuses …). */
export type CodeGroup =
  | 'roles'
  | 'level'
  | 'urbanRural'
  | 'subjectType'
  | 'jobStatus'
  | 'jobName'
  | 'householdType'
  | 'monitoringStatus'
  | 'lowIncomeGroup'
  | 'riskType'
  | 'householdStatus'
  | 'relation'
  | 'gender'
  | 'health'
  | 'labourSkill'
  | 'education'
  | 'schoolStatus'
  | 'workStatus'
  | 'memberStatus'
  | 'decreaseReason'
  | 'housingGrade'
  | 'idType'
  | 'assessmentType'
  | 'incomeItem'
  | 'land'
  | 'living'
  | 'historyAction'
  | 'auditActionKind'
  | 'auditBreak'

/** Localised label of a server code, or the code itself when the catalogue has no entry for it. */
export function codeLabel(group: CodeGroup, code: string | number | null | undefined): string {
  if (code === null || code === undefined || code === '') return ''
  // Read the group as an object: some codes contain dots (job names) that i18next would take as key separators.
  const dict = i18n.getResource(currentLanguage(), 'translation', group) as Record<string, string> | undefined
  return dict?.[String(code)] ?? String(code)
}

/** The codes of a code group, in catalogue order: the options of a select over that group. */
export function codeOptions(group: CodeGroup): Array<{ value: string; label: string }> {
  const dict = i18n.getResource(currentLanguage(), 'translation', group) as Record<string, string> | undefined
  return Object.entries(dict ?? {}).map(([value, label]) => ({ value, label }))
}

export default i18n
