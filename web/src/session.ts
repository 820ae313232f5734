/**
 * The signed-in token, kept in sessionStorage: it lives as long as the tab and is never written to
 * localStorage or a cookie, so closing the tab signs out.
 */
const KEY = 'msv.token';

export const getToken = (): string | null => sessionStorage.getItem(KEY);
export const setToken = (token: string): void => sessionStorage.setItem(KEY, token);
export const clearToken = (): void => {
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(REPORT_KEY);
};

const REPORT_KEY = 'msv.reportChecked';

/** Whether the report of this school and year was opened in this session (a step of the status bar). */
export const reportChecked = (schoolId: string, schoolYear: string): boolean =>
  (sessionStorage.getItem(REPORT_KEY) ?? '').split(',').includes(`${schoolId}/${schoolYear}`);

export const markReportChecked = (schoolId: string, schoolYear: string): void => {
  const seen = new Set((sessionStorage.getItem(REPORT_KEY) ?? '').split(',').filter(Boolean));
  seen.add(`${schoolId}/${schoolYear}`);
  sessionStorage.setItem(REPORT_KEY, [...seen].join(','));
};
