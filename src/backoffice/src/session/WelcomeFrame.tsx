import type { ReactNode } from 'react';

/** The pages before signing in: the name of the app and one form in the middle. */
export function WelcomeFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="welcome">
      <div className="welcome-card">
        <p className="brand">Counter</p>
        <h1>{title}</h1>
        {children}
      </div>
    </main>
  );
}
