import { useEffect } from 'react';

/** Sets the document title (what a screen reader announces on navigation). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} — Lienthong`;
  }, [title]);
}
