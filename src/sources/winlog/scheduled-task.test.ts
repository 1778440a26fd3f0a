import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { scheduledTaskOf } from './scheduled-task.ts'
import { get, security } from './test-support.ts'

const TASK = `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.3" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo><URI>\\Lab\\Sync</URI></RegistrationInfo>
  <Triggers>
    <LogonTrigger><Enabled>1</Enabled></LogonTrigger>
    <BootTrigger />
    <TimeTrigger>
      <Repetition><Interval>PT5M</Interval><StopAtDurationEnd>FALSE</StopAtDurationEnd></Repetition>
      <Enabled>false</Enabled>
    </TimeTrigger>
    <TimeTrigger><Enabled>maybe</Enabled></TimeTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author"><UserId>S-1-5-18</UserId><RunLevel>HighestAvailable</RunLevel></Principal>
    <Principal id="Group"><GroupId>S-1-5-32-545</GroupId><LogonType>Group</LogonType></Principal>
  </Principals>
  <Settings><Enabled>true</Enabled><Hidden>1</Hidden><Priority>7</Priority></Settings>
  <Actions Context="Author">
    <ComHandler><ClassId>{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}</ClassId></ComHandler>
    <Exec><Command>cmd.exe</Command><Arguments>/c set a=1|more 100%</Arguments></Exec>
  </Actions>
</Task>`

describe('scheduledTaskOf', () => {
  test('normalises a task: types in a fixed order, defaults, definitions escaped', () => {
    assert.deepEqual(scheduledTaskOf(TASK), {
      uri: '\\Lab\\Sync',
      principals: [
        { id: 'Author', user: { identifier: 'S-1-5-18' }, run_level: 'HighestAvailable' },
        { id: 'Group', group: { identifier: 'S-1-5-32-545' }, logon: { type: 'Group' } },
      ],
      settings: { enabled: true, hidden: true },
      triggers: [
        {
          type: 'boot',
          enabled: true,
          definition: 'v=1|type=boot|enabled=true|interval=|duration=|stop_at_duration_end=',
        },
        {
          type: 'time',
          enabled: false,
          repetition: { interval: 'PT5M', stop_at_duration_end: false },
          definition:
            'v=1|type=time|enabled=false|interval=PT5M|duration=|stop_at_duration_end=false',
        },
        {
          type: 'time',
          definition: 'v=1|type=time|enabled=|interval=|duration=|stop_at_duration_end=',
        },
        {
          type: 'logon',
          enabled: true,
          definition: 'v=1|type=logon|enabled=true|interval=|duration=|stop_at_duration_end=',
        },
      ],
      actions: [
        {
          type: 'exec',
          context: 'Author',
          command: 'cmd.exe',
          arguments: '/c set a=1|more 100%',
          definition:
            'v=1|type=exec|context=Author|command=cmd.exe|arguments=/c set a%3D1%7Cmore 100%25' +
            '|working_directory=|class_id=',
        },
        {
          type: 'com_handler',
          context: 'Author',
          class_id: '{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}',
          definition:
            'v=1|type=com_handler|context=Author|command=|arguments=|working_directory=' +
            '|class_id={AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}',
        },
      ],
    })
  })

  const none: [string, string][] = [
    ['malformed XML', '<Task><Actions><Exec></Task>'],
    ['two roots', '<Task/><Task/>'],
    ['nothing the step reads', '<Task><Data>x</Data></Task>'],
  ]
  for (const [title, content] of none) {
    test(`gives nothing for ${title}`, () => {
      assert.equal(scheduledTaskOf(content), undefined)
    })
  }
})

describe('scheduled task events', () => {
  const subject = {
    SubjectUserSid: 'S-1-5-18',
    SubjectUserName: 'WS1$',
    SubjectDomainName: 'LAB',
    SubjectLogonId: '0x3e7',
  }

  test('4702 reads the new task content, and the name comes last', () => {
    const doc = security(4702, 12804, {
      ...subject,
      TaskName: '\\Lab\\Sync',
      TaskContentNew: TASK,
      TaskContent: '<Task><RegistrationInfo><URI>\\Old</URI></RegistrationInfo></Task>',
    })
    assert.equal(get(doc, 'winlog.scheduled_task.uri'), '\\Lab\\Sync')
    assert.equal(get(doc, 'winlog.scheduled_task.name'), '\\Lab\\Sync')
    assert.equal((get(doc, 'winlog.scheduled_task.actions') as unknown[]).length, 2)
  })

  test('a task whose XML does not parse keeps its name only', () => {
    const doc = security(4698, 12804, { ...subject, TaskName: '\\X', TaskContent: '<Task><' })
    assert.deepEqual(get(doc, 'winlog.scheduled_task'), { name: '\\X' })
  })
})
