import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage, setLanguage } from '../i18n';

/** One click toggles zh-CN ⇄ en; the choice is remembered in localStorage. */
export function LangSwitch() {
  const { t } = useTranslation();
  const next = currentLanguage() === 'en' ? 'zh-CN' : 'en';
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      data-testid="lang-switch"
      aria-label={t('lang.label')}
      onClick={() => void setLanguage(next)}
    >
      <span className="lang-switch-label">{t('lang.switchTo')}</span>
    </Button>
  );
}
