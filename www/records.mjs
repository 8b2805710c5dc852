// The records the demo's form can show: four rows of the emulator's `contoso` instance (see
// emulator/README.md, "Demo tenant"), with what the mock form draws for each. Ids, names, owners
// and access exceptions match the emulator's seed; the other field values are the form's only.

/** Who may do what, by demo user: the owner has every right, `readOnly` may only read, `hidden`
 * may not see it, anyone else reads and appends to it (the emulator's default). */
export const RECORDS = {
  contact: {
    entityName: 'contact',
    entitySetName: 'contacts',
    id: '6b1f2c9e-3d4a-4e7b-9a51-2c8d7e0f4a13',
    name: 'Ava Reyes',
    type: 'Contact',
    plural: 'contacts',
    siteMap: '#contacts',
    initials: 'AR',
    owner: { user: 'megan', name: 'Megan Bowen' },
    readOnly: ['alex'],
    hidden: ['diego'],
    header: [['Account', 'Contoso Pharmaceuticals'], ['Status', 'Active']],
    summary: {
      title: 'Contact information',
      fields: [
        ['First name', 'Ava'],
        ['Last name', 'Reyes'],
        ['Job title', 'Procurement Lead'],
        ['Account name', 'Contoso Pharmaceuticals'],
        ['Email', 'ava.reyes@contoso.com', 'email'],
        ['Business phone', '+1 425 555 0142', 'tel'],
        ['Mobile phone', '', 'tel'],
        ['Preferred method of contact', 'Email'],
      ],
    },
    details: {
      title: 'Address',
      fields: [
        ['Street 1', '1 Contoso Way'],
        ['City', 'Redmond'],
        ['State/Province', 'WA'],
        ['ZIP/Postal code', '98052'],
        ['Country/Region', 'United States'],
      ],
    },
    timeline: [
      ['phone', 'Phone call from Ava Reyes', 'Follow-up on the cold-chain packaging quote', 'Megan Bowen · Closed', '2025-11-24T14:10'],
      ['mail', 'Email to Ava Reyes', 'Re: Q1 supply agreement draft', 'Megan Bowen · Sent', '2025-11-20T09:32'],
      ['note', 'Note', 'Ava prefers a Teams chat for quick questions; loop in legal on contract changes.', 'Megan Bowen', '2025-11-18T16:05'],
    ],
  },
  account: {
    entityName: 'account',
    entitySetName: 'accounts',
    id: '7c2a3d4e-5f60-4a1b-8c2d-3e4f5a6b7c81',
    name: 'Contoso Pharmaceuticals',
    type: 'Account',
    plural: 'accounts',
    siteMap: '#accounts',
    icon: '#i-account',
    owner: { user: 'lee', name: 'Lee Gu' },
    readOnly: [],
    hidden: [],
    header: [['Primary contact', 'Ava Reyes'], ['Status', 'Active']],
    summary: {
      title: 'Account information',
      fields: [
        ['Account name', 'Contoso Pharmaceuticals'],
        ['Phone', '+1 425 555 0100', 'tel'],
        ['Website', 'https://pharma.contoso.com', 'url'],
        ['Industry', 'Pharmaceuticals'],
        ['Relationship type', 'Customer'],
        ['Primary contact', 'Ava Reyes'],
      ],
    },
    details: {
      title: 'Address',
      fields: [
        ['Street 1', '1 Contoso Way'],
        ['City', 'Redmond'],
        ['State/Province', 'WA'],
        ['ZIP/Postal code', '98052'],
        ['Country/Region', 'United States'],
      ],
    },
    timeline: [
      ['mail', 'Email from Lee Gu', 'FY26 renewal pricing approved', 'Lee Gu · Received', '2025-11-21T11:02'],
      ['note', 'Note', 'Consolidating cold-chain suppliers in Q1; Ava Reyes leads the review.', 'Lee Gu', '2025-11-12T08:45'],
    ],
  },
  incident: {
    entityName: 'incident',
    entitySetName: 'incidents',
    id: '8d3b4e5f-6071-4b2c-9d3e-4f5a6b7c8d91',
    name: 'Cold-chain shipment delayed',
    type: 'Case',
    plural: 'cases',
    siteMap: '#cases',
    icon: '#i-case',
    owner: { user: 'lidia', name: 'Lidia Holloway' },
    readOnly: [],
    hidden: [],
    header: [['Priority', 'High'], ['Status', 'In progress']],
    summary: {
      title: 'Case details',
      fields: [
        ['Case title', 'Cold-chain shipment delayed'],
        ['Case number', 'CAS-01042-Q7R2'],
        ['Customer', 'Contoso Pharmaceuticals'],
        ['Contact', 'Ava Reyes'],
        ['Origin', 'Phone'],
        ['Case type', 'Problem'],
      ],
    },
    details: {
      title: 'Service level',
      fields: [
        ['Entitlement', 'Premier cold-chain support'],
        ['First response by', '11/25/2025 10:00 AM'],
        ['Resolve by', '11/27/2025 5:00 PM'],
      ],
    },
    timeline: [
      ['phone', 'Phone call from Ava Reyes', 'Shipment held at the border; temperature log requested', 'Lidia Holloway · Closed', '2025-11-25T08:40'],
      ['note', 'Note', 'Replacement shipment booked for Thursday; carrier confirms a refrigerated truck.', 'Lidia Holloway', '2025-11-25T09:15'],
    ],
  },
  lead: {
    entityName: 'lead',
    entitySetName: 'leads',
    id: '9e4c5f60-7182-4c3d-8e4f-5a6b7c8d9ea1',
    name: 'Priya Natarajan',
    type: 'Lead',
    plural: 'leads',
    siteMap: '#leads',
    initials: 'PN',
    owner: { user: 'megan', name: 'Megan Bowen' },
    readOnly: ['alex'],
    hidden: ['diego'],
    header: [['Lead source', 'Trade show'], ['Status', 'New']],
    summary: {
      title: 'Lead information',
      fields: [
        ['Topic', 'Cold storage for clinical trials'],
        ['First name', 'Priya'],
        ['Last name', 'Natarajan'],
        ['Job title', 'Director of Clinical Supply'],
        ['Company', 'Northwind Biologics'],
        ['Email', 'pnatarajan@northwind.example', 'email'],
        ['Business phone', '+1 617 555 0173', 'tel'],
      ],
    },
    details: {
      title: 'Address',
      fields: [
        ['Street 1', '200 Harbor Street'],
        ['City', 'Boston'],
        ['State/Province', 'MA'],
        ['ZIP/Postal code', '02210'],
        ['Country/Region', 'United States'],
      ],
    },
    timeline: [
      ['phone', 'Phone call to Priya Natarajan', 'Discovery call with Priya', 'Lee Gu · Closed', '2025-11-26T10:30'],
      ['mail', 'Email to Priya Natarajan', 'Storage options for your trial sites', 'Megan Bowen · Sent', '2025-11-22T15:20'],
      ['note', 'Note', 'Met at the BIO trade show; budget for three sites approved for Q2.', 'Megan Bowen', '2025-11-19T17:30'],
    ],
  },
};

/** What a demo user may do with a record, in a sentence. */
export function accessNote(record, user) {
  const type = record.type.toLowerCase();
  if (record.owner.user === user) return `Owns this ${type}.`;
  if (record.hidden.includes(user)) return `No access to this ${type}.`;
  if (record.readOnly.includes(user)) return `May only read this ${type}.`;
  return `${record.owner.name} owns this ${type}.`;
}
