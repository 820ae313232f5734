/** Reads the mails the local SES stand-in received (its `GET /store`). */
export interface StoredMail {
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

export const mailsTo = async (address: string): Promise<StoredMail[]> => {
  const base = process.env.AWS_ENDPOINT_URL_SES as string;
  const res = await fetch(`${base}/store`);
  const { emails } = (await res.json()) as { emails: StoredMail[] };
  return emails.filter((m) => m.destination.to.includes(address));
};
