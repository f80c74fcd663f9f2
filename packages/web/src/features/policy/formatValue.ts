/** Parameter values in their units for officials (the policy page and the engine's explanations on cases). */
import { useTranslation } from 'react-i18next'
import i18n, { currentLanguage } from '../../i18n/index.ts'
import { yuan } from '../../ui/format.ts'

/**
 * A parameter value in its unit: fen as yuan (`fen/person/month` → 元/人/月), a ratio as a percentage, days as days;
 * other units as written.
 */
export function useFormatValue() {
  const { t } = useTranslation()
  return (value: number, unit: string): string => {
    if (unit === 'fen' || unit.startsWith('fen/')) {
      const per = unit
        .split('/')
        .slice(1)
        .map((p) => t(`policy.units.${p}` as 'policy.units.person', { defaultValue: p }))
      return `${yuan(value)} ${[t('policy.units.yuan'), ...per].join('/')}`
    }
    if (unit === 'ratio') return `${Number((value * 100).toFixed(4))}${t('policy.units.percent')}`
    if (unit === 'days' || unit === 'working_days' || unit === 'months' || unit === 'years')
      return `${value} ${t(`policy.units.${unit}`)}`
    // other units in words (a unit the catalogue does not know yet is shown as the parameter file gives it)
    const words = i18n.getResource(currentLanguage(), 'translation', 'policy.unitWords') as
      | Record<string, string>
      | undefined
    const word = words?.[unit] ?? unit
    return word ? `${value} ${word}` : String(value)
  }
}
