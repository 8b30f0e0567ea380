// Where a mail's reader acts (issue 14): the paths of the features' pages, from the portal's PUBLIC_URL. Pure code.
const join = (publicUrl: string, path: string) => `${publicUrl.replace(/\/+$/, '')}${path}`;

export const pageLinks = {
  /** The invitee accepts or declines here (invitation mail and its reminders). */
  invitation: (publicUrl: string, invitationId: string) => join(publicUrl, `/invitations/${invitationId}`),
  /** Staff decide here (the mail to the authority). */
  staffRequest: (publicUrl: string, requestId: string) => join(publicUrl, `/staff/requests/${requestId}`),
  /** The space's page: its administrators object to a claim there. */
  space: (publicUrl: string, spaceId: string) => join(publicUrl, `/spaces/${spaceId}`),
  /** The space's procedures, with their PDFs. */
  procedures: (publicUrl: string, spaceId: string) => join(publicUrl, `/spaces/${spaceId}/procedures`),
};
