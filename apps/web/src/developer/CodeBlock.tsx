import type { ReactNode } from 'react';

/** Preformatted, wrapped, monospace text (canonical strings, headers, excerpts). */
export function CodeBlock({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <pre
      data-testid={testId}
      style={{
        background: 'rgba(0, 0, 0, 0.04)',
        borderRadius: 6,
        padding: '8px 12px',
        margin: '0 0 12px',
        fontSize: 12,
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-all',
        maxHeight: 320,
        overflow: 'auto',
      }}
    >
      {children}
    </pre>
  );
}
