/** Two-way language switch (中文 / English) used on the login page; the user menu offers the same choice. */
import { Segmented } from 'antd'
import { useTranslation } from 'react-i18next'
import { currentLanguage, type Language, languages, setLanguage } from '../i18n/index.ts'

export function LanguageSwitch() {
  const { t } = useTranslation()
  return (
    <Segmented<Language>
      data-test="lang-switch"
      aria-label={t('lang.label')}
      size="small"
      value={currentLanguage()}
      options={languages.map((l) => ({ value: l, label: t(`lang.${l}`) }))}
      onChange={(l) => void setLanguage(l)}
    />
  )
}
