import type { Page } from 'playwright-core';

/** Fills the purpose of a request (the procedure the right allows stays the first one). */
export async function fillPurpose(page: Page, caseId: string): Promise<void> {
  await page.getByLabel('Căn cứ pháp lý').fill('Nghị định 63/2024/NĐ-CP');
  await page.getByLabel('Mã hồ sơ').fill(caseId);
}

/**
 * Types a person's id into a form's field, looks them up in the population registry and waits
 * until the form shows them found by name (`name` is the field's name: mother, deceased…).
 */
export async function lookUpPerson(
  page: Page,
  label: string,
  personalId: string,
  name: string,
): Promise<void> {
  await page.getByLabel(label, { exact: true }).fill(personalId);
  await page.getByRole('button', { name: `Tra cứu ${label}` }).click();
  await page.getByTestId(`${name}-found`).waitFor();
}
